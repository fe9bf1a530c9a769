package io.pulseboard.aggregator.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses are not public: the ranges a webhook may not call unless allowed, each with the
 * word the refusal uses. An IPv6 address that carries an IPv4 address (IPv4-mapped, IPv4-compatible,
 * NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) is judged by the IPv4 address it carries.
 */
public final class AddressRanges {

    private record Range(Cidr cidr, String kind) {}

    private static final List<Range> REFUSED = List.of(
            range("0.0.0.0/8", "unspecified"),
            range("10.0.0.0/8", "private"),
            range("100.64.0.0/10", "private (carrier-grade NAT)"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.0.0/16", "link-local"),
            range("172.16.0.0/12", "private"),
            range("192.0.0.0/24", "reserved"),
            range("192.0.2.0/24", "reserved (documentation)"),
            range("192.168.0.0/16", "private"),
            range("198.18.0.0/15", "reserved (benchmarking)"),
            range("198.51.100.0/24", "reserved (documentation)"),
            range("203.0.113.0/24", "reserved (documentation)"),
            range("224.0.0.0/4", "multicast"),
            range("255.255.255.255/32", "broadcast"),
            range("240.0.0.0/4", "reserved"),
            range("::/128", "unspecified"),
            range("::1/128", "loopback"),
            range("100::/64", "reserved (discard)"),
            range("2001:db8::/32", "reserved (documentation)"),
            range("fc00::/7", "private (unique local)"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "private (site-local)"),
            range("ff00::/8", "multicast"));

    private AddressRanges() {}

    /** What kind of non-public address this is ("loopback", "private", ...), or null for a public one. */
    public static String refusal(InetAddress address) {
        InetAddress a = embeddedIpv4(address);
        for (Range r : REFUSED) {
            if (r.cidr().contains(a)) {
                return r.kind();
            }
        }
        return null;
    }

    /** The IPv4 address an IPv6 address carries, or the address itself. */
    static InetAddress embeddedIpv4(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length != 16) {
            return address;
        }
        byte[] v4 = null;
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            v4 = Arrays.copyOfRange(b, 12, 16); // ::ffff:a.b.c.d (mapped)
        } else if (allZero(b, 0, 12) && !allZero(b, 12, 15)) {
            v4 = Arrays.copyOfRange(b, 12, 16); // ::a.b.c.d (compatible; not :: or ::1)
        } else if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12)) {
            v4 = Arrays.copyOfRange(b, 12, 16); // 64:ff9b::a.b.c.d (NAT64)
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            v4 = Arrays.copyOfRange(b, 2, 6); // 2002:aabb:ccdd::/48 (6to4)
        }
        if (v4 == null) {
            return address;
        }
        try {
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Range range(String cidr, String kind) {
        return new Range(Cidr.parse(cidr), kind);
    }
}
