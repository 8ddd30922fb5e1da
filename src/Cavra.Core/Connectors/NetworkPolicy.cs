using System.Net;
using System.Net.Sockets;

namespace Cavra.Core.Connectors;

/// <summary>
/// Which addresses a connector may reach. Outbound delivery is a server-side request on behalf of whoever
/// configured the URL, so loopback, private, link-local, CGNAT, multicast, reserved and cloud-metadata addresses
/// are refused (in IPv4, IPv6 and every IPv4-in-IPv6 form) unless private networks are explicitly allowed.
/// </summary>
public static class NetworkPolicy
{
    public static bool IsPublic(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                return IsPublic(address.MapToIPv4());
            }

            var bytes = address.GetAddressBytes();
            if (EmbeddedIPv4(bytes) is { } embedded)
            {
                return IsPublic(embedded);
            }

            return !(IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any) ||
                address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast ||
                (bytes[0] & 0xFE) == 0xFC || // fc00::/7 unique local (includes fd00:ec2::254, the AWS metadata address)
                (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8) || // 2001:db8::/32 documentation
                (bytes[0] == 0x01 && bytes[1] == 0x00 && bytes.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0)); // 100::/64 discard
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 0 || // 0.0.0.0/8 "this network"
            b[0] == 10 || // private
            b[0] == 127 || // loopback
            (b[0] == 100 && (b[1] & 0xC0) == 64) || // 100.64.0.0/10 carrier-grade NAT
            (b[0] == 169 && b[1] == 254) || // link-local, including 169.254.169.254 cloud metadata
            (b[0] == 172 && (b[1] & 0xF0) == 16) || // private
            (b[0] == 192 && b[1] == 0 && b[2] == 0) || // IETF protocol assignments
            (b[0] == 192 && b[1] == 0 && b[2] == 2) || // documentation
            (b[0] == 192 && b[1] == 88 && b[2] == 99) || // 6to4 relay anycast
            (b[0] == 192 && b[1] == 168) || // private
            (b[0] == 198 && (b[1] & 0xFE) == 18) || // 198.18.0.0/15 benchmarking
            (b[0] == 198 && b[1] == 51 && b[2] == 100) || // documentation
            (b[0] == 203 && b[1] == 0 && b[2] == 113) || // documentation
            b[0] >= 224); // multicast, reserved and broadcast
    }

    /// <summary>The IPv4 address carried inside IPv4-compatible, 6to4, NAT64 and Teredo-free forms, if any.</summary>
    private static IPAddress? EmbeddedIPv4(byte[] bytes)
    {
        // ::a.b.c.d (IPv4-compatible, deprecated but still routable by some stacks)
        if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !(bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0 && bytes[15] <= 1))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        // 2002:a.b.c.d::/48 (6to4)
        if (bytes[0] == 0x20 && bytes[1] == 0x02)
        {
            return new IPAddress(bytes.AsSpan(2, 4));
        }

        // 64:ff9b::a.b.c.d (NAT64 well-known prefix) and 64:ff9b:1::/48 (local-use NAT64)
        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B)
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return null;
    }
}

/// <summary>Raised at connect time when a connector's host resolves to an address the policy refuses.</summary>
public sealed class ConnectorAddressRefusedException(string host)
    : Exception($"connector host '{host}' resolves to a private or reserved address");
