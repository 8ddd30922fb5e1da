using System.Text.Json.Nodes;
using Cavra.Core.Evidence;

namespace Cavra.Core.Tests;

public class CanonicalJsonTests
{
    [Fact]
    public void Sorts_keys_recursively_and_drops_whitespace()
    {
        var node = JsonNode.Parse("""{ "b": 1, "a": { "z": [ 1, { "y": true, "x": null } ], "c": "é" } }""");
        Assert.Equal("""{"a":{"c":"é","z":[1,{"x":null,"y":true}]},"b":1}""", CanonicalJson.Serialize(node));
    }

    [Fact]
    public void Same_content_in_other_key_order_hashes_the_same()
    {
        var a = JsonNode.Parse("""{"x":1,"y":[2,3]}""");
        var b = JsonNode.Parse("""{"y":[2,3],"x":1}""");
        Assert.Equal(CanonicalJson.Hash(a), CanonicalJson.Hash(b));
        Assert.Equal(64, CanonicalJson.Hash(a).Length);
    }

    [Fact]
    public void Ids_keep_prefix_and_sixteen_hex()
    {
        var id = EvidenceIds.Derive("gordackretryexec", new JsonObject { ["a"] = 1 });
        Assert.Matches("^gordackretryexec-[0-9a-f]{16}$", id);
    }

    [Fact]
    public void Time_text_always_has_microseconds_and_utc_offset()
    {
        var t = new DateTimeOffset(2026, 11, 23, 5, 0, 0, TimeSpan.FromHours(2));
        Assert.Equal("2026-11-23T03:00:00.000000+00:00", EvidenceTime.ToText(t));
        Assert.Equal(t, EvidenceTime.Parse("2026-11-23T03:00:00Z"));
        Assert.Null(EvidenceTime.Parse("not a time"));
    }
}
