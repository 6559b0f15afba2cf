using System.Reflection;

namespace CallCenterStats.Sdk.Conventions.Tests;

/// <summary>
/// What the conventions are checked on: a vendor's name, its namespace and its public types. For a vendor package that
/// is its assembly (<c>CallCenterStats.Sdk.{Vendor}</c>); for the checker's own tests, one namespace of deliberately
/// bad types in this test project.
/// </summary>
public sealed record VendorSurface(string Vendor, string Namespace, IReadOnlyList<Type> PublicTypes)
{
    private const string AssemblyPrefix = "CallCenterStats.Sdk.";

    /// <summary>The public surface of a vendor package.</summary>
    public static VendorSurface Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var name = assembly.GetName().Name!;
        if (!name.StartsWith(AssemblyPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a vendor package assembly.", nameof(assembly));
        }

        return new VendorSurface(name[AssemblyPrefix.Length..], name, assembly.GetExportedTypes());
    }

    /// <summary>The public types of one namespace of this test project, standing for a vendor package named <paramref name="vendor"/>.</summary>
    public static VendorSurface Fixture(string vendor, Type marker)
    {
        ArgumentNullException.ThrowIfNull(marker);
        var ns = marker.Namespace!;
        return new VendorSurface(vendor, ns, marker.Assembly.GetExportedTypes().Where(t => t.Namespace == ns).ToArray());
    }

    /// <summary>The public type of the surface with this name, or null.</summary>
    public Type? Find(string name) => PublicTypes.FirstOrDefault(t => t.Name == name && !t.IsNested);

    public override string ToString() => Vendor;
}
