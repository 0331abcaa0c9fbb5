using System.Net;
using Workflow.Api.Handlers.Http;

namespace Workflow.Tests.Unit.Http;

/// <summary>Addresses are only checked here, so no test opens a connection to them.</summary>
public sealed class DestinationPolicyTests
{
    private static readonly DestinationPolicy Strict = new(allowLoopback: false, allowPrivateNetworks: false);
    private static readonly DestinationPolicy LoopbackOnly = new(allowLoopback: true, allowPrivateNetworks: false);
    private static readonly DestinationPolicy PrivateOnly = new(allowLoopback: false, allowPrivateNetworks: true);
    private static readonly DestinationPolicy Permissive = new(allowLoopback: true, allowPrivateNetworks: true);

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("100.100.100.200")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("224.0.0.1")]
    [InlineData("ff02::1")]
    [InlineData("::a9fe:a9fe")]
    [InlineData("::169.254.169.254")]
    [InlineData("::ffff:0:a9fe:a9fe")]
    [InlineData("2002:a9fe:a9fe::1")]
    [InlineData("64:ff9b:1::a9fe:a9fe")]
    [InlineData("100::1")]
    [InlineData("100::ffff:ffff:ffff:ffff")]
    public void Check_MetadataOrLinkLocal_IsAlwaysDenied(string address)
    {
        Assert.NotNull(Permissive.Check(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("::127.0.0.1")]
    [InlineData("::ffff:0:7f00:1")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("64:ff9b:1::7f00:1")]
    public void Check_Loopback_DeniedUnlessAllowed(string address)
    {
        var ip = IPAddress.Parse(address);

        Assert.NotNull(Strict.Check(ip));
        Assert.NotNull(PrivateOnly.Check(ip));
        Assert.Null(LoopbackOnly.Check(ip));
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("fd00::1")]
    [InlineData("fc00::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::10.0.0.1")]
    [InlineData("::ffff:0:a00:1")]
    [InlineData("2002:c0a8:101::1")]
    [InlineData("64:ff9b:1::a00:1")]
    [InlineData("fec0::1")]
    [InlineData("feff::1")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.255")]
    [InlineData("::ffff:198.18.0.1")]
    public void Check_PrivateNetwork_DeniedUnlessAllowed(string address)
    {
        var ip = IPAddress.Parse(address);

        Assert.NotNull(Strict.Check(ip));
        Assert.NotNull(LoopbackOnly.Check(ip));
        Assert.Null(PrivateOnly.Check(ip));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("::8.8.8.8")]
    [InlineData("2002:808:808::1")]
    [InlineData("64:ff9b:1::808:808")]
    [InlineData("198.20.0.1")]
    [InlineData("101::1")]
    public void Check_PublicAddress_IsAllowed(string address)
    {
        Assert.Null(Strict.Check(IPAddress.Parse(address)));
    }

    [Fact]
    public void Check_DeniedAddress_ReasonNamesAddressAndSetting()
    {
        var reason = Strict.Check(IPAddress.Parse("10.1.2.3"));

        Assert.Contains("10.1.2.3", reason, StringComparison.Ordinal);
        Assert.Contains("Workflow:Http:AllowPrivateNetworks", reason, StringComparison.Ordinal);
    }
}
