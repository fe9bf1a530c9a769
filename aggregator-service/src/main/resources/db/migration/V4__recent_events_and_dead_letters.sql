-- Recent events: per stream the last pulse.recent.events events and the last pulse.recent.errors
-- errors, written and pruned in the checkpoint's transaction. ref = '<partition>:<offset>' in pulse.events.
create table pulse_recent_event (
    ref       text        not null primary key,
    stream    text        not null,
    received  timestamptz not null,
    part      integer     not null,
    off       bigint      not null,
    error     boolean     not null,
    -- The event as counted, as JSON text.
    event     text        not null
);

-- Newest first per stream (the REST pages and the pruning), and across streams.
create index pulse_recent_event_stream on pulse_recent_event (stream, received desc, part desc, off desc);
create index pulse_recent_event_received on pulse_recent_event (received desc, part desc, off desc);

-- Dead letters counted per (minute, stream, reason code); stream '' when the record had no valid one.
create table pulse_dead_letter_count (
    minute    timestamptz not null,
    stream    text        not null,
    reason    text        not null,
    count     bigint      not null,
    primary key (minute, stream, reason)
);

-- The last 100 dead letters with their reason and raw record.
create table pulse_dead_letter (
    source      text        not null primary key,
    part        integer     not null,
    off         bigint      not null,
    time        timestamptz not null,
    stream      text,
    reason_code text        not null,
    reason      text        not null,
    record_key  text,
    value       text,
    truncated   boolean     not null
);

create index pulse_dead_letter_time on pulse_dead_letter (time desc, part desc, off desc);

-- The retention job deletes the oldest counts first.
create index pulse_dead_letter_count_minute on pulse_dead_letter_count (minute);
