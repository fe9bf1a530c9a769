-- Alert rules, as created over REST. The table is the source of truth; every change is also
-- published to the compacted topic pulse.rules, from which every instance builds its rule table.
create table pulse_rule (
    id               text        primary key,
    name             text        not null,
    stream           text        not null,
    expr             text        not null,
    time_window      text        not null,
    for_duration     text,
    keep_firing_for  text,
    resolve          text,
    severity         text        not null,
    enabled          boolean     not null,
    description      text,
    -- JSON object of label names to values.
    labels           text        not null,
    webhook          text,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    -- Optimistic locking: an update names the version it read.
    version          bigint      not null
);

-- One alert: a (rule, stream) from pending to resolved (or back to inactive without firing). The
-- row holds its latest state; rows in pending or firing are the live state of the partition that
-- owns the stream, restored when the partition is assigned.
create table pulse_alert (
    id               text             primary key,
    rule_id          text             not null,
    rule_name        text             not null,
    stream           text             not null,
    kafka_partition  integer          not null,
    severity         text             not null,
    state            text             not null,
    expr             text             not null,
    value            double precision,
    threshold        double precision not null,
    pending_at       timestamptz      not null,
    firing_at        timestamptz,
    resolved_at      timestamptz,
    acknowledged_by  text,
    acknowledged_at  timestamptz,
    comment          text,
    labels           text             not null,
    revision         bigint           not null,
    updated_at       timestamptz      not null
);

create index pulse_alert_live on pulse_alert (kafka_partition) where state in ('pending', 'firing');
create index pulse_alert_updated on pulse_alert (updated_at);
create index pulse_alert_stream on pulse_alert (stream, updated_at);

-- Every state change and acknowledgement of an alert, in order.
create table pulse_alert_history (
    id        bigserial        primary key,
    alert_id  text             not null references pulse_alert (id),
    revision  bigint           not null,
    event     text             not null,
    at        timestamptz      not null,
    value     double precision,
    by_whom   text,
    comment   text
);

create index pulse_alert_history_alert on pulse_alert_history (alert_id, id);
