using System.Text.Json;
using System.Text.Json.Serialization;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Core.Tests.Json;

public sealed class ExtensionProbe
{
    [JsonPropertyName("id")]
    public int Id { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

[JsonSerializable(typeof(ExtensionProbe))]
internal sealed partial class ExtensionDataTestContext : JsonSerializerContext;

public sealed class ExtensionDataTests
{
    private static ExtensionProbe Read(string json) => JsonSerializer.Deserialize(json, ExtensionDataTestContext.Default.ExtensionProbe)!;

    [Fact]
    public void Null_is_the_shared_empty_set()
    {
        var extra = ExtensionData.From(null);

        Assert.Same(ExtensionData.Empty, extra);
        Assert.Empty(extra);
    }

    [Fact]
    public void Empty_dictionary_is_the_shared_empty_set()
    {
        Assert.Same(ExtensionData.Empty, ExtensionData.From(new Dictionary<string, JsonElement>()));
    }

    [Fact]
    public void Body_without_unknown_fields_has_no_additional_data()
    {
        var probe = Read("""{"id": 1}""");

        Assert.Same(ExtensionData.Empty, ExtensionData.From(probe.Extra));
    }

    [Fact]
    public void Unknown_fields_are_kept_as_the_json_the_vendor_sent()
    {
        var probe = Read("""{"id": 1, "region": "eu", "tags": [1, 2], "nested": {"a": null}}""");

        var extra = ExtensionData.From(probe.Extra);

        Assert.Equal(1, probe.Id);
        Assert.Equal(["nested", "region", "tags"], extra.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("eu", extra["region"].GetString());
        Assert.Equal(JsonValueKind.Array, extra["tags"].ValueKind);
        Assert.Equal("[1, 2]", extra["tags"].GetRawText());
        Assert.Equal("""{"a": null}""", extra["nested"].GetRawText());
        Assert.False(extra.ContainsKey("id"));
    }

    [Fact]
    public void Result_cannot_be_changed_through_the_dictionary_interface()
    {
        var extra = ExtensionData.From(Read("""{"region": "eu"}""").Extra);
        var asDictionary = Assert.IsAssignableFrom<IDictionary<string, JsonElement>>(extra);

        Assert.True(asDictionary.IsReadOnly);
        Assert.Throws<NotSupportedException>(() => asDictionary.Add("other", default));
        Assert.Throws<NotSupportedException>(() => asDictionary.Remove("region"));
        Assert.Throws<NotSupportedException>(() => asDictionary["region"] = default);
        Assert.Equal("eu", extra["region"].GetString());
    }

    [Fact]
    public void Shared_empty_set_cannot_be_changed()
    {
        var asDictionary = Assert.IsAssignableFrom<IDictionary<string, JsonElement>>(ExtensionData.Empty);

        Assert.Throws<NotSupportedException>(() => asDictionary.Add("x", default));
        Assert.Empty(ExtensionData.Empty);
    }

    [Fact]
    public void Result_is_a_view_of_the_collected_dictionary_not_a_copy()
    {
        var collected = Read("""{"region": "eu"}""").Extra!;
        var extra = ExtensionData.From(collected);

        collected["late"] = Read("""{"late": true}""").Extra!["late"];

        Assert.Equal(2, extra.Count);
        Assert.True(extra["late"].GetBoolean());
    }
}
