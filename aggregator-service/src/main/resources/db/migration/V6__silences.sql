-- Silences: while one is active, the alerts its matchers match change state and are recorded as
-- always, but send no notification. Every matcher given must match; null means "any". Kept once
-- over (ended early or past ends_at) until the alert-history retention removes them.
create table pulse_silence (
    id          text        primary key,
    rule_id     text,
    stream      text,
    severity    text,
    -- JSON object of label names to the values they must have.
    labels      text        not null,
    starts_at   timestamptz not null,
    ends_at     timestamptz not null,
    created_by  text        not null,
    comment     text        not null,
    created_at  timestamptz not null,
    -- Set when ended early (DELETE).
    ended_at    timestamptz
);

create index pulse_silence_created on pulse_silence (created_at);
create index pulse_silence_live on pulse_silence (ends_at) where ended_at is null;
