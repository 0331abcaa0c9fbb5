using System.Net;
using System.Net.Sockets;

namespace Workflow.Api.Handlers.Http;

/// <summary>
/// Decides which IP addresses <c>http.request</c> may connect to. It is applied to the resolved addresses at
/// connect time, so a host name that resolves to a denied address is denied too.
/// </summary>
public sealed class DestinationPolicy(bool allowLoopback, bool allowPrivateNetworks)
{
    // Link-local covers the 169.254.169.254 metadata endpoint of AWS, GCP, Azure and others.
    private static readonly Network[] AlwaysDenied =
    [
        Network.Parse("0.0.0.0/8"),
        Network.Parse("169.254.0.0/16"),
        Network.Parse("100.100.100.200/32"),
        Network.Parse("192.0.0.0/24"),
        Network.Parse("224.0.0.0/4"),
        Network.Parse("240.0.0.0/4"),
        Network.Parse("::/128"),
        Network.Parse("100::/64"),
        Network.Parse("fe80::/10"),
        Network.Parse("fd00:ec2::254/128"),
        Network.Parse("ff00::/8"),
    ];

    private static readonly Network[] Loopback = [Network.Parse("127.0.0.0/8"), Network.Parse("::1/128")];

    private static readonly Network[] Private =
    [
        Network.Parse("10.0.0.0/8"),
        Network.Parse("172.16.0.0/12"),
        Network.Parse("192.168.0.0/16"),
        Network.Parse("100.64.0.0/10"),
        Network.Parse("198.18.0.0/15"),
        Network.Parse("fc00::/7"),
        Network.Parse("fec0::/10"),
    ];

    private static readonly Network Nat64 = Network.Parse("64:ff9b::/96");
    private static readonly Network LocalNat64 = Network.Parse("64:ff9b:1::/48");
    private static readonly Network IPv4Compatible = Network.Parse("::/96");
    private static readonly Network Siit = Network.Parse("::ffff:0:0:0/96");
    private static readonly Network SixToFour = Network.Parse("2002::/16");

    /// <summary>Returns null when the address is allowed, or the reason it is denied.</summary>
    public string? Check(IPAddress address)
    {
        var effective = Unwrap(address);
        if (AlwaysDenied.Any(n => n.Contains(effective)))
        {
            return $"{address} is a link-local, metadata, multicast or reserved address, which is always denied.";
        }

        if (!allowLoopback && Loopback.Any(n => n.Contains(effective)))
        {
            return $"{address} is a loopback address; set Workflow:Http:AllowLoopback to allow it.";
        }

        if (!allowPrivateNetworks && Private.Any(n => n.Contains(effective)))
        {
            return $"{address} is in a private network range; set Workflow:Http:AllowPrivateNetworks to allow it.";
        }

        return null;
    }

    /// <summary>
    /// Returns the IPv4 address embedded in an IPv6 address (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96,
    /// SIIT ::ffff:0:0:0/96, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16), so the IPv4 rules apply to it.
    /// </summary>
    private static IPAddress Unwrap(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();

        // :: and ::1 are in ::/96 too, but they are the IPv6 unspecified and loopback addresses, not IPv4 ones.
        var isUnspecifiedOrLoopback = IPAddress.IPv6Any.Equals(address) || IPAddress.IPv6Loopback.Equals(address);
        if (Nat64.Contains(address) || LocalNat64.Contains(address) || Siit.Contains(address)
            || (IPv4Compatible.Contains(address) && !isUnspecifiedOrLoopback))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        if (SixToFour.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(2, 4));
        }

        return address;
    }

    private readonly record struct Network(IPAddress Prefix, int Length)
    {
        public static Network Parse(string cidr)
        {
            var parts = cidr.Split('/');
            return new Network(IPAddress.Parse(parts[0]), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }

        public bool Contains(IPAddress address)
        {
            if (address.AddressFamily != Prefix.AddressFamily)
            {
                return false;
            }

            var a = address.GetAddressBytes();
            var p = Prefix.GetAddressBytes();
            var full = Length / 8;
            if (!a.AsSpan(0, full).SequenceEqual(p.AsSpan(0, full)))
            {
                return false;
            }

            var rest = Length % 8;
            if (rest == 0)
            {
                return true;
            }

            var mask = (byte)(0xFF << (8 - rest));
            return (a[full] & mask) == (p[full] & mask);
        }
    }
}
