namespace CallCenterStats.Sdk.Thulium.Tests;

public sealed class PauseIdTests
{
    [Fact]
    public void All_and_free_are_recognised_whatever_the_case()
    {
        Assert.True(PauseId.Parse("all").IsAll);
        Assert.True(PauseId.Parse("ALL").IsAll);
        Assert.True(PauseId.Parse("free").IsFree);
        Assert.Null(PauseId.All.Number);
    }

    [Fact]
    public void Numeric_ids_have_a_number()
    {
        var id = PauseId.Parse("3");

        Assert.Equal(3, id.Number);
        Assert.False(id.IsAll);
        Assert.False(id.IsFree);
        Assert.Equal(PauseId.FromNumber(3), id);
        Assert.Equal("3", id.ToString());
    }

    [Fact]
    public void Other_texts_are_kept()
    {
        var id = PauseId.Parse("lunch");

        Assert.Equal("lunch", id.Value);
        Assert.Null(id.Number);
        Assert.NotEqual(PauseId.All, id);
    }

    [Fact]
    public void Default_has_an_empty_value()
    {
        Assert.Equal(string.Empty, default(PauseId).Value);
        Assert.False(default(PauseId).IsAll);
    }
}
