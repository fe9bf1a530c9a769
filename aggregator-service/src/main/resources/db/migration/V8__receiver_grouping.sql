-- How a receiver groups its alerts (design.md, Notification receivers, Grouping): the group keys as
-- a JSON array, and the durations as written. Null (receivers saved before): the defaults, which
-- the application states.
alter table pulse_receiver add column group_by        text;
alter table pulse_receiver add column group_wait      text;
alter table pulse_receiver add column group_interval  text;
alter table pulse_receiver add column repeat_interval text;
