using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CallCenterStats.Sdk.Readme.Tests;

/// <summary>
/// Every C# block of every README (the root one and each package's, which ships inside its package) compiles as
/// written: a README that lies fails the build. Each block is compiled on its own, as a <c>dotnet run app.cs</c> program
/// would be (top-level statements, the SDK's implicit usings), against the SDK's packages.
/// </summary>
/// <remarks>
/// <para>A block may start with <c>// prelude: NAME</c> to get a documented set of usings on top of the implicit ones
/// (see <see cref="Preludes"/> and the root README's contributing section). A block that is deliberately a fragment
/// starts with <c>// fragment</c>; fragments stay few (<see cref="MaxFragments"/>).</para>
/// </remarks>
public sealed partial class ReadmeSnippetTests
{
    /// <summary>The most blocks all READMEs together may mark as fragments.</summary>
    public const int MaxFragments = 3;

    /// <summary>The preludes a block may ask for, by name: extra usings (the test project references their packages).</summary>
    public static IReadOnlyDictionary<string, string[]> Preludes { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        // An ASP.NET Core or worker app's Program.cs: a host builder with configuration and services.
        ["hosting"] = ["Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting"],

        // The hosting prelude plus OpenTelemetry's hosting extensions and console exporter.
        ["otel"] = ["Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "OpenTelemetry", "OpenTelemetry.Metrics", "OpenTelemetry.Trace"],
    };

    private static readonly string[] ImplicitUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
    ];

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    public static TheoryData<string> Blocks()
    {
        var data = new TheoryData<string>();
        foreach (var block in ReadBlocks())
        {
            data.Add(block.Location);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Block_compiles_as_written(string location)
    {
        var block = ReadBlocks().Single(b => b.Location == location);
        if (block.IsFragment)
        {
            return;
        }

        var usings = ImplicitUsings.Concat(block.Prelude is null ? [] : Preludes[block.Prelude]).Select(u => $"global using {u};");
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(string.Join('\n', usings), options, path: "GlobalUsings.cs", cancellationToken: TestContext.Current.CancellationToken),
            CSharpSyntaxTree.ParseText(block.Code, options, path: location, cancellationToken: TestContext.Current.CancellationToken),
        };
        var hasStatements = trees[1].GetRoot(TestContext.Current.CancellationToken).DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            "Snippet",
            trees,
            References.Value,
            new CSharpCompilationOptions(hasStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics(TestContext.Current.CancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{location}+{d.Location.GetLineSpan().StartLinePosition.Line}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToList();

        Assert.True(errors.Count == 0, "The block does not compile as written:\n" + string.Join('\n', errors) + "\n---\n" + block.Code);
    }

    [Fact]
    public void Fragments_stay_few_and_every_prelude_exists()
    {
        var blocks = ReadBlocks();

        Assert.NotEmpty(blocks);
        Assert.True(blocks.Count(b => b.IsFragment) <= MaxFragments, "Fragments: " + string.Join(", ", blocks.Where(b => b.IsFragment).Select(b => b.Location)));
        Assert.All(blocks.Where(b => b.Prelude is not null), b => Assert.True(Preludes.ContainsKey(b.Prelude!), $"{b.Location}: unknown prelude '{b.Prelude}'"));
    }

    private static List<Block> ReadBlocks()
    {
        var root = RepositoryRoot();
        var files = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(root, "src"), "README.md", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        var blocks = new List<Block>();
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (!CSharpFence().IsMatch(lines[i]))
                {
                    continue;
                }

                var start = i + 1;
                var code = new StringBuilder();
                for (i = start; i < lines.Length && !lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal); i++)
                {
                    code.AppendLine(lines[i]);
                }

                var text = code.ToString();
                var first = text.TrimStart().Split('\n', 2)[0].Trim();
                var prelude = first.StartsWith("// prelude:", StringComparison.Ordinal) ? first["// prelude:".Length..].Trim() : null;
                blocks.Add(new Block($"{relative}:{start}", text, prelude, first == "// fragment"));
            }
        }

        return blocks;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CallCenterStats.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (CallCenterStats.Sdk.sln) was not found above " + AppContext.BaseDirectory);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var local = Directory.GetFiles(AppContext.BaseDirectory, "*.dll");
        return [.. platform.Concat(local)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .Where(path => !Path.GetFileName(path).StartsWith("CallCenterStats.Sdk.Readme.Tests", StringComparison.Ordinal))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    }

    [GeneratedRegex(@"^\s*```\s*(csharp|cs|c#)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CSharpFence();

    private sealed record Block(string Location, string Code, string? Prelude, bool IsFragment);
}
