using System.Globalization;
using CallCenterStats.Sdk.Pipeline;
using Snapshooter.Xunit3;

namespace CallCenterStats.Sdk.Core.Tests.Http;

public sealed class RequestParametersTests
{
    [Fact]
    public void Query_string_is_escaped_ordered_and_leaves_out_nulls()
    {
        var parameters = new RequestParameters()
            .Add("from", "2024-03-11 09:00:00")
            .Add("missing", (string?)null)
            .Add("limit", 100L)
            .Add("flag", true)
            .AddRepeated("agent_logins[]", ["jan kowalski", "a&b"]);

        Assert.Equal(
            "from=2024-03-11%2009:00:00&limit=100&flag=true&agent_logins%5B%5D=jan%20kowalski&agent_logins%5B%5D=a%26b",
            parameters.ToQueryString());
    }

    [Fact]
    public void Separators_that_would_change_the_query_are_escaped_and_list_commas_are_not()
    {
        var query = new RequestParameters()
            .Add("dimensions", "project,user")
            .Add("tricky", "a&b=c+d;e#f?g")
            .Add("user", "x@y/z")
            .ToQueryString();

        Assert.Equal("dimensions=project,user&tricky=a%26b%3Dc%2Bd%3Be%23f%3Fg&user=x@y/z", query);
    }

    [Fact]
    public void Numbers_ignore_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("ar-SA");
        try
        {
            Assert.Equal("n=-1234567", new RequestParameters().Add("n", -1234567L).ToQueryString());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public async Task Form_body_encodes_every_field()
    {
        var content = new RequestParameters().Add("user_id", "1;2").Add("from_date", "2024-03-11 00:00:00").ToFormContent();

        var body = await content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Snapshot.Match(new { ContentType = content.Headers.ContentType!.ToString(), Body = body });
    }

    [Fact]
    public void Path_without_parameters_stays_as_is()
    {
        Assert.Equal("api/x", new RequestParameters().AppendTo("api/x"));
        Assert.Equal("api/x?a=1", new RequestParameters().Add("a", 1L).AppendTo("api/x"));
    }

    [Fact]
    public void List_values_are_joined_with_the_separator()
    {
        Assert.Equal("READY;DND", ParameterValues.Join(["READY", "DND"], ';', "statuses"));
        Assert.Equal("1,2,3", ParameterValues.Join([1L, 2L, 3L], ','));
    }

    [Fact]
    public void A_value_containing_the_separator_is_rejected_naming_the_parameter()
    {
        var ex = Assert.Throws<ArgumentException>(() => ParameterValues.Join(["READY", "DND;OFFLINE"], ';', "statuses"));

        Assert.Equal("statuses", ex.ParamName);
        Assert.Contains("'DND;OFFLINE' contains the list separator ';'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Blank_list_values_are_rejected(string value)
    {
        Assert.Throws<ArgumentException>("users", () => ParameterValues.Join([value], ',', "users"));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-4L)]
    public void Ids_that_are_not_positive_are_rejected_naming_the_parameter_and_the_id(long bad)
    {
        var ex = Assert.Throws<ArgumentException>(() => ParameterValues.EnsurePositive([3, bad, 9], "request.Users"));

        Assert.Equal("request.Users", ex.ParamName);
        Assert.Contains(bad.ToString(System.Globalization.CultureInfo.InvariantCulture) + " is not", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Positive_ids_and_an_empty_list_pass()
    {
        ParameterValues.EnsurePositive([1, long.MaxValue], "ids");
        ParameterValues.EnsurePositive([], "ids");
    }
}
