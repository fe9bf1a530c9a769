-- Notification receivers: a name, where to POST, its headers (values write-only over the API) and
-- the payload template. Every instance reads them from here (design.md, Notification receivers).
create table pulse_receiver (
    name          text        primary key,
    url           text        not null,
    -- JSON object of header names to values.
    headers       text        not null,
    -- generic, slack, or Qute text.
    template      text        not null,
    content_type  text        not null,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    -- Optimistic locking, as for rules.
    version       bigint      not null
);

-- A rule names a receiver or has a webhook. The key keeps a receiver a rule names from being deleted.
alter table pulse_rule add column receiver text references pulse_receiver (name);
create index pulse_rule_receiver on pulse_rule (receiver) where receiver is not null;
