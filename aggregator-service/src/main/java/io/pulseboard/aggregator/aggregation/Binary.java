package io.pulseboard.aggregator.aggregation;

import com.datadoghq.sketch.ddsketch.encoding.Output;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The little binary codec of the checkpoint formats: unsigned LEB128 varints, zig-zag for signed
 * values, little-endian IEEE doubles, UTF-8 strings with a varint length. The writer is also the
 * {@link Output} that DDSketch encodes itself into.
 */
final class Binary {

    private Binary() {}

    /** Thrown for input that is not a state this code wrote. */
    static IllegalArgumentException corrupt(String what) {
        return new IllegalArgumentException("not a valid Pulseboard aggregation state: " + what);
    }

    static final class Writer implements Output {
        private byte[] buf;
        private int pos;

        Writer(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        private void ensure(int more) {
            if (pos + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
            }
        }

        @Override
        public void writeByte(byte b) {
            ensure(1);
            buf[pos++] = b;
        }

        @Override
        public void writeLongLE(long v) {
            ensure(8);
            for (int i = 0; i < 8; i++) {
                buf[pos++] = (byte) (v >>> (8 * i));
            }
        }

        @Override
        public void writeDoubleLE(double v) {
            writeLongLE(Double.doubleToRawLongBits(v));
        }

        void writeDouble(double v) {
            writeLongLE(Double.doubleToRawLongBits(v));
        }

        void writeVarLong(long v) {
            if (v < 0) {
                throw new IllegalArgumentException("negative: " + v);
            }
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        void writeVarInt(int v) {
            writeVarLong(v);
        }

        void writeSignedVarLong(long v) {
            long zigzag = (v << 1) ^ (v >> 63);
            ensure(10);
            while ((zigzag & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((zigzag & 0x7F) | 0x80);
                zigzag >>>= 7;
            }
            buf[pos++] = (byte) zigzag;
        }

        void writeString(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            writeVarInt(bytes.length);
            writeBytes(bytes, 0, bytes.length);
        }

        void writeBytes(byte[] bytes, int offset, int length) {
            ensure(length);
            System.arraycopy(bytes, offset, buf, pos, length);
            pos += length;
        }

        /** An instant that may be null: a presence byte, then seconds (zig-zag) and nanoseconds. */
        void writeInstant(Instant t) {
            if (t == null) {
                writeByte((byte) 0);
            } else {
                writeByte((byte) 1);
                writeSignedVarLong(t.getEpochSecond());
                writeVarInt(t.getNano());
            }
        }

        /** Reserves a 4-byte little-endian length, to be filled by {@link #endLength(int)}. */
        int beginLength() {
            ensure(4);
            int at = pos;
            pos += 4;
            return at;
        }

        void endLength(int at) {
            int length = pos - at - 4;
            for (int i = 0; i < 4; i++) {
                buf[at + i] = (byte) (length >>> (8 * i));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, pos);
        }
    }

    static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int limit;

        Reader(byte[] buf) {
            this(buf, 0, buf.length);
        }

        Reader(byte[] buf, int offset, int length) {
            if (offset < 0 || length < 0 || offset + length > buf.length) {
                throw corrupt("bad slice");
            }
            this.buf = buf;
            this.pos = offset;
            this.limit = offset + length;
        }

        private void need(int n) {
            if (n < 0 || limit - pos < n) {
                throw corrupt("truncated at byte " + pos);
            }
        }

        byte readByte() {
            need(1);
            return buf[pos++];
        }

        long readLongLE() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v |= (buf[pos++] & 0xFFL) << (8 * i);
            }
            return v;
        }

        double readDouble() {
            return Double.longBitsToDouble(readLongLE());
        }

        int readIntLE() {
            need(4);
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v |= (buf[pos++] & 0xFF) << (8 * i);
            }
            return v;
        }

        long readVarLong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = readByte();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw corrupt("varint too long at byte " + pos);
        }

        long readSignedVarLong() {
            long zigzag = readVarLong();
            return (zigzag >>> 1) ^ -(zigzag & 1);
        }

        long readNonNegative() {
            long v = readVarLong();
            if (v < 0) {
                throw corrupt("negative count at byte " + pos);
            }
            return v;
        }

        /** A count of items each at least {@code minBytes} long, checked against what is left. */
        int readCount(int minBytes) {
            long n = readVarLong();
            if (n < 0 || n > (long) (limit - pos) / Math.max(1, minBytes) + 1 || n > Integer.MAX_VALUE) {
                throw corrupt("implausible count " + n + " at byte " + pos);
            }
            return (int) n;
        }

        String readString() {
            int n = readCount(1);
            need(n);
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        Instant readInstant() {
            byte present = readByte();
            if (present == 0) {
                return null;
            }
            if (present != 1) {
                throw corrupt("bad instant marker " + present);
            }
            long seconds = readSignedVarLong();
            long nanos = readVarLong();
            if (nanos < 0 || nanos > 999_999_999) {
                throw corrupt("bad nanoseconds " + nanos);
            }
            return Instant.ofEpochSecond(seconds, nanos);
        }

        /** Reads a length written by {@link Writer#beginLength()} and returns a reader of that slice. */
        Reader slice() {
            int length = readIntLE();
            need(length);
            Reader r = new Reader(buf, pos, length);
            pos += length;
            return r;
        }

        byte[] array() {
            return buf;
        }

        int position() {
            return pos;
        }

        int remaining() {
            return limit - pos;
        }

        boolean hasRemaining() {
            return pos < limit;
        }

        void expectEnd(String what) {
            if (pos != limit) {
                throw corrupt((limit - pos) + " trailing bytes after " + what);
            }
        }
    }
}
