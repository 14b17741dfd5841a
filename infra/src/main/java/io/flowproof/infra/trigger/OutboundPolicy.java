package io.flowproof.infra.trigger;

import io.flowproof.domain.ensure.TriggerFailure;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which hosts triggers may call. With an allow-list ({@code FLOWPROOF_OUTBOUND_ALLOWED_HOSTS}: exact host names or
 * IPs, or {@code *.example.com} for sub-domains) only those hosts; without one any host except
 * <ul>
 *   <li>cloud metadata endpoints, always: link-local addresses (169.254.0.0/16, fe80::/10, which covers
 *       169.254.169.254), AWS's IPv6 metadata address fd00:ec2::254 and the well-known metadata host names;</li>
 *   <li>when private networks are not allowed ({@code FLOWPROOF_OUTBOUND_ALLOW_PRIVATE=false}, what the Lambda
 *       template sets): loopback (127.0.0.0/8, ::1), the unspecified address (0.0.0.0, ::), private ranges
 *       (10/8, 172.16/12, 192.168/16, carrier-grade NAT 100.64/10, IPv6 unique-local fc00::/7 and site-local).
 *       The local app allows them by default: calling a service on localhost is what local ensure runs are for.</li>
 * </ul>
 * A refused host is only reachable by listing it explicitly.
 *
 * <p>Names are resolved before the call and every address is checked, so a DNS name pointing at a refused address is
 * refused like the address itself (also decimal or hex spellings such as {@code 2130706433}, which resolve to
 * 127.0.0.1). Redirects are not followed ({@link WebClientHttpTrigger}). A DNS answer that changes between this check
 * and the connection (rebinding) is not covered: use the allow-list where that matters.
 */
public final class OutboundPolicy {

    private static final Set<String> METADATA_HOSTS = Set.of("metadata", "metadata.google.internal", "metadata.goog",
            "instance-data", "instance-data.ec2.internal");

    private final List<String> allowed;
    private final boolean allowPrivate;

    /** Loopback and private networks allowed (the local app's default). */
    public OutboundPolicy(List<String> allowedHosts) {
        this(allowedHosts, true);
    }

    /** @param allowPrivate whether loopback and private-network addresses may be called without being listed */
    public OutboundPolicy(List<String> allowedHosts, boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
        this.allowed = allowedHosts == null ? List.of() : allowedHosts.stream()
                .map(host -> host.strip().toLowerCase(Locale.ROOT)).filter(host -> !host.isEmpty()).toList();
    }

    /** Throws a non-retryable {@link TriggerFailure} when {@code uri} may not be called. Blocking (DNS). */
    public void check(URI uri) {
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new TriggerFailure("Invalid trigger URL (no host): " + uri, false);
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!allowed.isEmpty()) {
            if (!isListed(host)) {
                throw new TriggerFailure("Host '" + host + "' is not in FLOWPROOF_OUTBOUND_ALLOWED_HOSTS", false);
            }
            return;
        }
        if (METADATA_HOSTS.contains(host)) {
            throw new TriggerFailure("Host '" + host + "' is a cloud metadata endpoint; list it in FLOWPROOF_OUTBOUND_ALLOWED_HOSTS "
                    + "to call it", false);
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address.isLinkLocalAddress() || isEc2Ipv6Metadata(address)) {
                    throw new TriggerFailure("Host '" + host + "' resolves to the link-local address " + address.getHostAddress()
                            + " (cloud metadata); list it in FLOWPROOF_OUTBOUND_ALLOWED_HOSTS to call it", false);
                }
                if (!allowPrivate && isPrivate(address)) {
                    throw new TriggerFailure("Host '" + host + "' resolves to the loopback or private address " + address.getHostAddress()
                            + "; set FLOWPROOF_OUTBOUND_ALLOW_PRIVATE=true or list it in FLOWPROOF_OUTBOUND_ALLOWED_HOSTS to call it", false);
                }
            }
        } catch (UnknownHostException e) {
            throw new TriggerFailure("Unknown host '" + host + "'", true);
        }
    }

    private boolean isListed(String host) {
        for (String entry : allowed) {
            if (entry.startsWith("*.") ? host.endsWith(entry.substring(1)) : host.equals(entry)) {
                return true;
            }
        }
        return false;
    }

    /** Loopback, unspecified, RFC 1918, carrier-grade NAT, IPv6 unique-local (fc00::/7) and site-local addresses. */
    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isSiteLocalAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return (bytes[0] & 0xFF) == 100 && (bytes[1] & 0xC0) == 64; // 100.64.0.0/10
        }
        return (bytes[0] & 0xFE) == 0xFC; // fc00::/7
    }

    private static boolean isEc2Ipv6Metadata(InetAddress address) {
        return address.getHostAddress().equalsIgnoreCase("fd00:ec2:0:0:0:0:0:254");
    }
}
