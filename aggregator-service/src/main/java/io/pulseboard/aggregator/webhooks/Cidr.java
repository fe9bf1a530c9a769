package io.pulseboard.aggregator.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An address range such as {@code 10.0.0.0/8} or {@code fd00::/8}; a single address is a /32 or /128. */
record Cidr(byte[] network, int bits) {

    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*]?");

    /** Whether the text is an IP address or range, not a host name (decided without any lookup). */
    static boolean isLiteral(String text) {
        int slash = text.indexOf('/');
        return LITERAL.matcher(slash < 0 ? text : text.substring(0, slash)).matches();
    }

    /** {@code address} or {@code address/bits}; never looks a name up. */
    static Cidr parse(String text) {
        if (!isLiteral(text)) {
            throw new IllegalArgumentException("'" + text + "' is no IP address or CIDR range");
        }
        int slash = text.indexOf('/');
        byte[] address;
        try {
            // Only literals get here, so this parses and does not resolve.
            address = InetAddress.getByName(slash < 0 ? text : text.substring(0, slash))
                    .getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is no IP address or CIDR range");
        }
        int bits = address.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > address.length * 8) {
                throw new IllegalArgumentException(
                        "'" + text + "': the prefix length must be 0 to " + address.length * 8);
            }
        }
        return new Cidr(address, bits);
    }

    boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((a[i / 8] & mask) != (network[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
