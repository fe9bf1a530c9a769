-- Recent events as a row per stream and checkpoint instead of a row per event: PostgreSQL's cost is
-- per row, and a busy stream keeps hundreds of events per checkpoint. See RecentBatch and KeptRule.
create table pulse_recent_batch (
    -- The ref ('<partition>:<offset>') of the batch's last event.
    ref           text        not null primary key,
    -- The order batches were written in: a stream's place of an event is what its newer batches hold.
    seq           bigint      generated always as identity,
    stream        text        not null,
    newest        timestamptz not null,
    oldest        timestamptz not null,
    -- What its checkpoint kept of the stream: the events and errors that place older batches.
    events        integer     not null,
    errors        integer     not null,
    -- JSON arrays, oldest first, of {"off":…,"received":<epoch ms>,"error":…,"event":{…}}: the ok events
    -- (null once newer batches hold pulse.recent.events events, or if none) and the errors.
    ok_events     text,
    error_events  text        not null
);

-- Not compressed: PostgreSQL's compression of a busy checkpoint's batches took longer than writing
-- them (a catch-up's checkpoint writes megabytes), and a stream stores few batches with ok events.
alter table pulse_recent_batch alter column ok_events set storage external, alter column error_events set storage external;

create index pulse_recent_batch_stream on pulse_recent_batch (stream, seq desc);

-- What was kept stays kept: each stored event becomes a batch of one, in the order it was read.
insert into pulse_recent_batch (ref, stream, newest, oldest, events, errors, ok_events, error_events)
select ref, stream, received, received, 1, case when error then 1 else 0 end,
       case when error then null else '[' || one || ']' end, case when error then '[' || one || ']' else '[]' end
from (select ref, stream, received, part, off, error,
             '{"off":' || off || ',"received":' || (extract(epoch from received) * 1000)::bigint
                 || ',"error":' || error || ',"event":' || event || '}' as one
      from pulse_recent_event) kept
order by stream, part, off;

drop table pulse_recent_event;
