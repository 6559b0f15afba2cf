using System.Collections;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using CallCenterStats.Sdk.Pipeline;

namespace CallCenterStats.Sdk.Core.Tests.Auth;

/// <summary>Secrets held by Core types are neither printed by <c>ToString()</c> nor browsable in the debugger.</summary>
public sealed class DebuggerHygieneTests
{
    private const BindingFlags Instance = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;

    [Fact]
    public void Basic_credentials_password_is_hidden_from_the_debugger()
    {
        var type = typeof(BasicCredentials);

        Assert.Equal("{ToString(),nq}", type.GetCustomAttribute<DebuggerDisplayAttribute>()?.Value);
        Assert.Equal(
            DebuggerBrowsableState.Never,
            type.GetProperty(nameof(BasicCredentials.Password))!.GetCustomAttribute<DebuggerBrowsableAttribute>()?.State);
    }

    [Theory]
    [InlineData("s3cr3t-token")]
    [InlineData("pässwörd")]
    [InlineData("Password = hunter2")]
    [InlineData("mycc")]
    public void Basic_credentials_to_string_never_contains_the_password(string password)
    {
        var credentials = new BasicCredentials("agent", password);

        var text = credentials.ToString();

        Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        Assert.Equal("BasicCredentials { Username = agent, Password = *** }", text);
    }

    [Fact]
    public void Every_member_of_basic_credentials_holding_the_password_is_hidden()
    {
        AssertSecretHidden(new BasicCredentials("agent", "s3cr3t-token"), "s3cr3t-token");
    }

    [Fact]
    public void Redaction_secrets_are_hidden_from_the_debugger()
    {
        var type = typeof(Redaction);
        var redaction = new Redaction(["s3cr3t-token", "k3y-material"]);

        Assert.Equal("{ToString(),nq}", type.GetCustomAttribute<DebuggerDisplayAttribute>()?.Value);
        Assert.DoesNotContain("s3cr3t", redaction.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("k3y", redaction.ToString(), StringComparison.Ordinal);
        AssertSecretHidden(redaction, "s3cr3t-token");
        AssertSecretHidden(redaction.With("added-later"), "added-later");
    }

    /// <summary>
    /// Every field or property of <paramref name="instance"/> whose value is, or holds, <paramref name="secret"/> is
    /// marked <see cref="DebuggerBrowsableState.Never"/> (compiler-generated backing fields aside: the debugger shows
    /// their properties instead). At least one member must hold the secret, so the check cannot pass vacuously.
    /// </summary>
    private static void AssertSecretHidden(object instance, string secret)
    {
        var type = instance.GetType();
        var members = type.GetFields(Instance)
            .Where(f => f.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
            .Select(f => (Member: (MemberInfo)f, Value: f.GetValue(instance)))
            .Concat(type.GetProperties(Instance)
                .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null)
                .Select(p => (Member: (MemberInfo)p, Value: p.GetValue(instance))))
            .Where(m => Holds(m.Value, secret))
            .ToList();

        Assert.NotEmpty(members);
        foreach (var (member, _) in members)
        {
            Assert.True(
                member.GetCustomAttribute<DebuggerBrowsableAttribute>()?.State == DebuggerBrowsableState.Never,
                $"{type.Name}.{member.Name} holds a secret but shows in the debugger");
        }
    }

    private static bool Holds(object? value, string secret) => value switch
    {
        string text => text.Contains(secret, StringComparison.Ordinal),
        IEnumerable items => items.OfType<string>().Any(s => s.Contains(secret, StringComparison.Ordinal)),
        _ => false,
    };
}
