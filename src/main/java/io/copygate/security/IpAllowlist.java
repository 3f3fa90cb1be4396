package io.copygate.security;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Addresses a webhook token accepts requests from: single IPs and CIDR ranges, IPv4 and IPv6. */
public final class IpAllowlist {
    private record Range(byte[] network, int prefix) {
    }

    private final List<Range> ranges = new ArrayList<>();

    /** Parses {@code "52.89.214.238, 34.212.75.30/32, 10.0.0.0/8"}; an invalid entry is an error. */
    public IpAllowlist(String spec) {
        for (String entry : spec.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            byte[] addr = literal(slash < 0 ? e : e.substring(0, slash), spec);
            int prefix = slash < 0 ? addr.length * 8 : Integer.parseInt(e.substring(slash + 1));
            if (prefix < 0 || prefix > addr.length * 8) {
                throw new IllegalArgumentException("invalid CIDR prefix in ip allowlist entry '" + e + "'");
            }
            ranges.add(new Range(addr, prefix));
        }
    }

    public boolean allows(String address) {
        byte[] addr;
        try {
            addr = literal(address, address);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (Range r : ranges) {
            if (r.network.length == addr.length && samePrefix(r.network, addr, r.prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean samePrefix(byte[] a, byte[] b, int prefix) {
        int bits = a.length * 8;
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        return new BigInteger(1, a).and(mask).equals(new BigInteger(1, b).and(mask));
    }

    /** An IP literal only: never a DNS lookup. */
    private static byte[] literal(String ip, String context) {
        String s = ip.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (!s.matches("[0-9a-fA-F:.]+") || (!s.contains(":") && !s.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            throw new IllegalArgumentException("'" + ip + "' in '" + context + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + ip + "' is not an IP address");
        }
    }
}
