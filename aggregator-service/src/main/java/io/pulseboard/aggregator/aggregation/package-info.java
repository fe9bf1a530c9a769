/**
 * The aggregation engine of the aggregator: hourly metrics per (stream, UTC hour), per-minute
 * buckets for sliding windows, and the per-partition state that classifies events as counted,
 * late, or rejected. Pure Java: the Kafka consumer, the checkpoints in PostgreSQL and the REST API
 * use it from outside.
 *
 * <h2>Entry points</h2>
 *
 * <ul>
 *   <li>{@link io.pulseboard.aggregator.aggregation.PartitionState}: one per assigned partition;
 *       {@code apply}, {@code applyLate}, {@code closeHours}, {@code drainDirty}, {@code window},
 *       {@code serialize}/{@code deserialize}.
 *   <li>{@link io.pulseboard.aggregator.aggregation.HourAggregate}: the state of one (stream, hour);
 *       {@code toMetrics(now)} gives the wire {@code HourlyMetrics}; {@code merge} builds daily and
 *       range roll-ups; {@code minuteAggregate(m)} one minute on its own (MinuteMetrics, stored
 *       minute rows), {@code drainChangedMinutes} which minutes changed, {@code restoreClosed} a
 *       stored hour with its stored minutes.
 *   <li>{@link io.pulseboard.aggregator.aggregation.WindowStats}: a sliding window of 1 to 60 minutes,
 *       with {@code metric(name, value)} in the terms of the alert rule language.
 * </ul>
 *
 * <h2>Binary format (version 2)</h2>
 *
 * Little-endian; {@code varint} is unsigned LEB128, {@code zigzag} a signed LEB128 varint, {@code
 * f64} an IEEE double (raw bits), {@code string} a varint length and UTF-8 bytes, {@code instant} a
 * byte 0 (null) or 1 followed by zigzag epoch seconds and varint nanoseconds, {@code len32} a 4-byte
 * length of what follows. Maps are written sorted by name, so equal states write equal bytes.
 *
 * <pre>
 * HourAggregate  := 'H' 0x02 flags:u8 (1 = final, 2 = minute buckets follow)
 *                   stream:string hour:zigzag(epoch s) span:varint(s)
 *                   count errors late_events revision :varint
 *                   first:instant last:instant
 *                   n:varint (error_type:string count:varint)*n
 *                   n:varint (name:string Value)*n
 *                   [ minutes:u64 (bit m = minute m has a bucket)
 *                     for each set bit, ascending: count errors :varint
 *                       n:varint (error_type:string count:varint)*n   (not in version 1)
 *                       n:varint (name:string Value)*n ]
 * Value          := count:varint min:f64 max:f64 Sum
 *                   ( value:f64*count           when count <= 32: the values, kept exactly
 *                   | sketch:len32 DDSketch )   when count > 32
 * Sum            := overflow:f64 (0, or the infinity the sum overflowed to)
 *                   n:varint partial:f64*n (non-overlapping partials whose exact sum is the sum)
 * DDSketch       := sketches-java's own encoding, DDSketch.encode(output, omitIndexMapping = true);
 *                   the index mapping is fixed: CubicallyInterpolatedMapping(0.01), stores
 *                   CollapsingLowestDenseStore(2048)
 * PartitionState := 'P' 0x01 watermark:instant clock:instant
 *                   closed_through:zigzag  (epoch s: hours ending at or before it are closed)
 *                   n:varint (len32 HourAggregate)*n           the open hours, by hour then stream
 *                   n:varint (touched:instant len32 HourAggregate)*n   closed hours in memory
 * </pre>
 *
 * Version 1 is version 2 without the minutes' error types; it is still read (checkpoints written by
 * an older build), and written back as version 2. A stored minute row ({@code pulse_minute}) is an
 * HourAggregate of span 60 s without minutes ({@code HourAggregate.minuteAggregate}); its {@code
 * hour} is the minute's start.
 *
 * <p>A state restores to one that continues exactly as the original would: sums are kept as exact
 * partials, sketches bin by bin. A reader rejects any other version, trailing bytes, or counts
 * that do not fit the input, with an {@link java.lang.IllegalArgumentException}.
 */
package io.pulseboard.aggregator.aggregation;
