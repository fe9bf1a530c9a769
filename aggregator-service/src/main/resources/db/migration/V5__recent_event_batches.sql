-- Recent events as a row per stream and checkpoint instead of a row per event: PostgreSQL's cost is
-- per row, and a busy stream keeps hundreds of events per checkpoint. See RecentBatch and KeptRule.
create table pulse_recent_batch (
    -- The ref ('<partition>:<offset>') of the batch's last event.
    ref     text        not null primary key,
    -- The order batches were written in: a stream's place of an event is what its newer batches hold.
    seq     bigint      generated always as identity,
    stream  text        not null,
    newest  timestamptz not null,
    oldest  timestamptz not null,
    -- What its checkpoint kept of the stream (the events and errors that place older batches), and how
    -- many of them body still holds: once newer batches hold pulse.recent.events events, its ok events
    -- are dropped from body (errors = stored then).
    events  integer     not null,
    errors  integer     not null,
    stored  integer     not null,
    -- JSON array, oldest first, of {"off":…,"received":<epoch ms>,"error":…,"event":{…}}.
    body    text        not null
);

create index pulse_recent_batch_stream on pulse_recent_batch (stream, seq desc);

-- What was kept stays kept: each stored event becomes a batch of one, in the order it was read.
insert into pulse_recent_batch (ref, stream, newest, oldest, events, errors, stored, body)
select ref, stream, received, received, 1, case when error then 1 else 0 end, 1,
       '[{"off":' || off || ',"received":' || (extract(epoch from received) * 1000)::bigint
           || ',"error":' || error || ',"event":' || event || '}]'
from pulse_recent_event
order by stream, part, off;

drop table pulse_recent_event;
