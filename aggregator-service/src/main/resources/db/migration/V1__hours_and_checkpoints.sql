-- Hourly metrics: one row per (stream, UTC hour), written in the same transaction as the checkpoint
-- of the partition that owns the stream, so a row always matches a checkpointed state.
create table pulse_hour (
    stream       text             not null,
    hour         timestamptz      not null,
    count        bigint           not null,
    errors       bigint           not null,
    error_rate   double precision not null,
    late_events  bigint           not null,
    first_event  timestamptz,
    last_event   timestamptz,
    revision     bigint           not null,
    "final"      boolean          not null,
    -- HourAggregate.serializeCompact(): totals, exact sums and DDSketches, no minute buckets.
    aggregate    bytea            not null,
    updated_at   timestamptz      not null,
    primary key (stream, hour)
);

create index pulse_hour_hour on pulse_hour (hour);

-- Per-partition checkpoints: the serialized PartitionState and the offset of the next record to read.
create table pulse_checkpoint (
    group_id        text        not null,
    topic           text        not null,
    kafka_partition integer     not null,
    next_offset     bigint      not null,
    state           bytea       not null,
    updated_at      timestamptz not null,
    primary key (group_id, topic, kafka_partition)
);
