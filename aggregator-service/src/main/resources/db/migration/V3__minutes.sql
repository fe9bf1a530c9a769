-- Minute metrics: one row per (stream, UTC minute) with events, written in the same transaction as the
-- checkpoint that covers it (like pulse_hour), and deleted once older than pulse.retention.minutes.
create table pulse_minute (
    stream      text        not null,
    minute      timestamptz not null,
    count       bigint      not null,
    errors      bigint      not null,
    revision    bigint      not null,
    -- HourAggregate.minuteAggregate(m).serializeCompact(): a roll-up of span 60 s.
    aggregate   bytea       not null,
    updated_at  timestamptz not null,
    primary key (stream, minute)
);

-- The retention job deletes the oldest minutes first.
create index pulse_minute_minute on pulse_minute (minute);
