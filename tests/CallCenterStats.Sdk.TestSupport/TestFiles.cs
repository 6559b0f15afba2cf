namespace CallCenterStats.Sdk.TestSupport;

/// <summary>Reads files copied next to the test assembly (fixtures, keys).</summary>
public static class TestFiles
{
    /// <summary>Returns the text of <c>Fixtures/<paramref name="name"/></c> from the test output folder.</summary>
    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}
