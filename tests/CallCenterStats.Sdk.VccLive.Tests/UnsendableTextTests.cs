using static CallCenterStats.Sdk.VccLive.Tests.VccLiveTestKit;

namespace CallCenterStats.Sdk.VccLive.Tests;

/// <summary>
/// Text that cannot be sent as it is (a lone surrogate would become U+FFFD on the wire; CR, LF and NUL could split a
/// header or the request line) is refused before any I/O: in every string parameter with an <see cref="ArgumentException"/>
/// naming it, in every option that goes into a header at validation, naming the option and never showing the value.
/// </summary>
public sealed class UnsendableTextTests
{
    public static TheoryData<string, string> Unsendable => new()
    {
        { "lone high surrogate", "a\uD800b" },
        { "lone low surrogate", "a\uDC00b" },
        { "carriage return", "a\rb" },
        { "line feed", "a\nb" },
        { "NUL", "a\0b" },
    };

    private static readonly VccLiveClient Client = VccLiveClient.Create(new VccLiveOptions
    {
        Customer = Customer,
        ApiToken = ApiToken,
        Endpoint = new Uri("http://127.0.0.1:9/"),
    });

    [Theory]
    [MemberData(nameof(Unsendable))]
    public void A_kpi_name_in_fields_is_refused_before_any_io(string what, string value)
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Client.GetUserBasedStatisticsAsync(Request() with { Fields = [UserBasedKpi.CallIn, new UserBasedKpi(value)] }, Ct));

        Assert.Equal("request.Fields", ex.ParamName);
        Assert.Contains(what.Replace("NUL", "NUL character", StringComparison.Ordinal), ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Unsendable))]
    public void A_customer_that_cannot_go_into_the_authorization_header_is_refused(string what, string value)
    {
        var problem = Assert.Single(new VccLiveOptions { Customer = value, ApiToken = ApiToken }.Validate());

        Assert.StartsWith("Customer contains", problem, StringComparison.Ordinal);
        Assert.Contains(what.Replace("NUL", "NUL character", StringComparison.Ordinal), problem, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Unsendable))]
    public void An_api_token_that_cannot_go_into_the_authorization_header_is_refused_without_showing_it(string what, string value)
    {
        var token = "secret-" + value;

        var problem = Assert.Single(new VccLiveOptions { Customer = Customer, ApiToken = token }.Validate());

        Assert.StartsWith("ApiToken contains", problem, StringComparison.Ordinal);
        Assert.Contains(what.Replace("NUL", "NUL character", StringComparison.Ordinal), problem, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret", problem, StringComparison.Ordinal);
    }
}
