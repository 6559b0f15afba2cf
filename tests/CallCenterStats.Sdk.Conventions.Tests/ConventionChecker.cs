using System.Reflection;
using System.Runtime.CompilerServices;
using CallCenterStats.Sdk.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CallCenterStats.Sdk.Conventions.Tests;

/// <summary>
/// The rules of <c>src/CONVENTIONS.md</c>, checked by reflection. Each rule returns one message per violation, naming
/// the offending type or member (<c>Type.Member: what is wrong</c>); an empty list means the surface follows the rule.
/// </summary>
public static class ConventionChecker
{
    private const BindingFlags PublicInstance = BindingFlags.Public | BindingFlags.Instance;
    private const BindingFlags PublicStatic = BindingFlags.Public | BindingFlags.Static;

    private static readonly Assembly CoreAssembly = typeof(VendorClient).Assembly;

    /// <summary>The return types of an operation: a task, a task of a result, or a stream of rows.</summary>
    private static readonly Type[] OperationReturnTypes = [typeof(Task), typeof(Task<>), typeof(ValueTask), typeof(ValueTask<>), typeof(IAsyncEnumerable<>)];

    /// <summary>Types that carry a point or a span of time: an operation taking one has a time span.</summary>
    private static readonly Type[] TimeTypes =
    [
        typeof(InstantRange), typeof(DateRange), typeof(Instant), typeof(LocalDate), typeof(LocalDateTime), typeof(OffsetDateTime),
        typeof(ZonedDateTime), typeof(Interval), typeof(DateInterval), typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly),
    ];

    private static readonly Type[] ReadOnlyCollectionTypes = [typeof(IReadOnlyList<>), typeof(IReadOnlyCollection<>), typeof(IReadOnlyDictionary<,>)];

    // ---- the client ---------------------------------------------------------------------------------------------

    /// <summary>
    /// Exactly one public client type, <c>{Vendor}Client</c>, deriving from <c>VendorClient&lt;{Vendor}Options&gt;</c>,
    /// neither sealed nor abstract (so it can be mocked and built).
    /// </summary>
    public static IReadOnlyList<string> ClientType(VendorSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        var problems = new List<string>();
        var expectedName = surface.Vendor + "Client";
        var clients = surface.PublicTypes.Where(t => typeof(VendorClient).IsAssignableFrom(t)).ToList();
        if (clients.Count == 0)
        {
            problems.Add($"{surface.Namespace}: no public client type (expected {expectedName} : VendorClient<{surface.Vendor}Options>).");
        }

        foreach (var client in clients.Where(c => c.Name != expectedName))
        {
            problems.Add($"{client.FullName}: a public client type other than {expectedName}; a vendor package has exactly one client, named {expectedName}.");
        }

        if (clients.FirstOrDefault(c => c.Name == expectedName) is { } found)
        {
            var options = surface.Find(surface.Vendor + "Options");
            if (options is null || found.BaseType != typeof(VendorClient<>).MakeGenericType(options))
            {
                problems.Add($"{found.FullName}: derives from {Describe(found.BaseType)}, expected VendorClient<{surface.Vendor}Options>.");
            }

            if (found.IsSealed || found.IsAbstract)
            {
                problems.Add($"{found.FullName}: is {(found.IsSealed ? "sealed" : "abstract")}; the client must be mockable and buildable.");
            }

            if (found.Namespace != surface.Namespace)
            {
                problems.Add($"{found.FullName}: not in the vendor namespace {surface.Namespace}.");
            }
        }

        return problems;
    }

    /// <summary>A protected parameterless constructor (for mocking) and <c>public static {Vendor}Client Create({Vendor}Options options, VendorClientServices? services = null)</c>.</summary>
    public static IReadOnlyList<string> ClientConstruction(VendorSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        if (ClientOf(surface) is not { } client)
        {
            return [$"{surface.Namespace}: no {surface.Vendor}Client to check."];
        }

        var problems = new List<string>();
        var parameterless = client.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes);
        if (parameterless is null || !parameterless.IsFamily)
        {
            problems.Add($"{client.Name}..ctor(): expected a protected parameterless constructor for mocking, found {(parameterless is null ? "none" : Visibility(parameterless))}.");
        }

        var creates = client.GetMethods(PublicStatic).Where(m => m.Name == "Create").ToList();
        var options = surface.Find(surface.Vendor + "Options");
        var create = creates.FirstOrDefault(m =>
            m.GetParameters() is [var o, var s] && o.ParameterType == options && s.ParameterType == typeof(VendorClientServices));
        if (create is null)
        {
            problems.Add($"{client.Name}.Create: expected public static {client.Name} Create({surface.Vendor}Options options, VendorClientServices? services = null), found {(creates.Count == 0 ? "none" : string.Join(", ", creates.Select(Describe)))}.");
            return problems;
        }

        if (create.ReturnType != client)
        {
            problems.Add($"{client.Name}.Create: returns {Describe(create.ReturnType)}, expected {client.Name}.");
        }

        var services = create.GetParameters()[1];
        if (new NullabilityInfoContext().Create(services).ReadState != NullabilityState.Nullable || !services.HasDefaultValue || services.DefaultValue is not null)
        {
            problems.Add($"{client.Name}.Create({services.Name}): expected 'VendorClientServices? services = null'.");
        }

        if (create.GetParameters()[0].Name != "options" || services.Name != "services")
        {
            problems.Add($"{client.Name}.Create: parameters are named ({string.Join(", ", create.GetParameters().Select(p => p.Name))}), expected (options, services).");
        }

        return problems;
    }

    // ---- operations ---------------------------------------------------------------------------------------------

    /// <summary>The client's operations: its public instance methods returning a task or an async stream.</summary>
    public static IReadOnlyList<MethodInfo> Operations(Type client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.GetMethods(PublicInstance)
            .Where(m => !m.IsSpecialName && m.DeclaringType != typeof(object) && IsOperationReturnType(m.ReturnType))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every operation is virtual, ends in <c>Async</c> and takes <c>CancellationToken cancellationToken = default</c> last.</summary>
    public static IReadOnlyList<string> OperationSignatures(Type client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var problems = new List<string>();
        foreach (var operation in Operations(client))
        {
            var name = $"{client.Name}.{operation.Name}";
            if (!operation.IsVirtual || operation.IsFinal)
            {
                problems.Add($"{name}: not virtual; every operation must be overridable for mocking.");
            }

            if (!operation.Name.EndsWith("Async", StringComparison.Ordinal))
            {
                problems.Add($"{name}: does not end in Async.");
            }

            var parameters = operation.GetParameters();
            if (parameters.Length == 0 || parameters[^1] is not { } last || last.ParameterType != typeof(CancellationToken))
            {
                problems.Add($"{name}: the last parameter is not a CancellationToken.");
            }
            else if (last.Name != "cancellationToken" || !last.HasDefaultValue || last.DefaultValue is not null)
            {
                problems.Add($"{name}: the last parameter is '{last.Name}'{(last.HasDefaultValue ? " with a default" : " without a default")}, expected 'CancellationToken cancellationToken = default'.");
            }

            if (parameters.Take(parameters.Length - 1).Any(p => p.ParameterType == typeof(CancellationToken)))
            {
                problems.Add($"{name}: a CancellationToken before the last parameter.");
            }
        }

        return problems;
    }

    /// <summary>
    /// Streams are <c>Get{Rows}Async</c> returning <c>IAsyncEnumerable&lt;T&gt;</c>; single pages are <c>Get{Rows}PageAsync</c>
    /// returning <c>Task&lt;{Rows}Page&gt;</c>; nothing else is named like a page or returns a page.
    /// </summary>
    public static IReadOnlyList<string> OperationShapes(Type client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var problems = new List<string>();
        foreach (var operation in Operations(client))
        {
            var name = $"{client.Name}.{operation.Name}";
            var returnType = operation.ReturnType;
            var isStream = returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>);
            var isPageName = operation.Name.EndsWith("PageAsync", StringComparison.Ordinal);
            var resultType = returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>) ? returnType.GetGenericArguments()[0] : null;
            var returnsPage = resultType is not null && resultType.Name.EndsWith("Page", StringComparison.Ordinal);

            if (isStream && (!operation.Name.StartsWith("Get", StringComparison.Ordinal) || isPageName))
            {
                problems.Add($"{name}: returns a stream ({Describe(returnType)}), so it must be named Get{{Rows}}Async.");
            }

            if (isPageName || returnsPage)
            {
                var rows = operation.Name.StartsWith("Get", StringComparison.Ordinal) && isPageName ? operation.Name[3..^"PageAsync".Length] : null;
                if (rows is null || resultType is null || resultType.Name != rows + "Page")
                {
                    problems.Add($"{name}: a single page is Get{{Rows}}PageAsync returning Task<{{Rows}}Page>; found {Describe(returnType)}.");
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// An operation with a time span takes one <c>…Request</c> record (sealed, <c>init</c>-only, with a <c>required</c>
    /// <c>Range</c> of type <see cref="InstantRange"/> or <see cref="DateRange"/>), first; besides it only the page's
    /// offset and limit (for <c>…PageAsync</c>) and the cancellation token. An operation without a time span takes at
    /// most two inputs and no time.
    /// </summary>
    public static IReadOnlyList<string> Requests(Type client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var problems = new List<string>();
        foreach (var operation in Operations(client))
        {
            var name = $"{client.Name}.{operation.Name}";
            var inputs = operation.GetParameters().Where(p => p.ParameterType != typeof(CancellationToken)).ToList();
            var requests = inputs.Where(p => p.ParameterType.Name.EndsWith("Request", StringComparison.Ordinal)).ToList();
            var timed = inputs.Where(p => CarriesTime(p.ParameterType)).ToList();
            if (requests.Count == 0 && timed.Count == 0)
            {
                if (inputs.Count > 2)
                {
                    problems.Add($"{name}: {inputs.Count} inputs without a request record; operations without a time span take at most two.");
                }

                continue;
            }

            if (requests.Count != 1 || inputs[0] != requests[0])
            {
                problems.Add($"{name}: an operation with a time span takes one …Request record as its first parameter; found ({string.Join(", ", inputs.Select(p => $"{Describe(p.ParameterType)} {p.Name}"))}).");
                continue;
            }

            var others = inputs.Skip(1).ToList();
            var pageParameters = operation.Name.EndsWith("PageAsync", StringComparison.Ordinal)
                && others.All(p => p.ParameterType == typeof(int) || p.ParameterType == typeof(long));
            if (others.Count > 0 && !pageParameters)
            {
                problems.Add($"{name}: parameters besides the request ({string.Join(", ", others.Select(p => p.Name))}); they belong in {requests[0].ParameterType.Name}.");
            }

            problems.AddRange(RequestType(requests[0].ParameterType));
        }

        return problems;
    }

    /// <summary>A request record: sealed, <c>init</c>-only, with a <c>required</c> <c>Range</c> of type <see cref="InstantRange"/> or <see cref="DateRange"/>.</summary>
    public static IReadOnlyList<string> RequestType(Type request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<string>();
        if (!request.IsClass || !request.IsSealed || request.GetMethod("<Clone>$") is null)
        {
            problems.Add($"{request.Name}: a request is a sealed record.");
        }

        foreach (var property in request.GetProperties(PublicInstance))
        {
            if (property.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
            {
                problems.Add($"{request.Name}.{property.Name}: has a public setter; request properties are init-only.");
            }
        }

        var range = request.GetProperty("Range", PublicInstance);
        if (range is null)
        {
            problems.Add($"{request.Name}.Range: missing; the time span is a required property named Range.");
        }
        else
        {
            if (range.PropertyType != typeof(InstantRange) && range.PropertyType != typeof(DateRange))
            {
                problems.Add($"{request.Name}.Range: is {Describe(range.PropertyType)}, expected InstantRange or DateRange.");
            }

            if (!IsRequired(range))
            {
                problems.Add($"{request.Name}.Range: not required; a range is always given (no silent \"now\").");
            }
        }

        return problems;
    }

    // ---- options ------------------------------------------------------------------------------------------------

    /// <summary>
    /// <c>{Vendor}Options : VendorClientOptions</c>, sealed, with a public parameterless constructor; a <c>TimeZone</c>
    /// property, when there is one, is a <c>string</c> that defaults to <c>"UTC"</c>.
    /// </summary>
    public static IReadOnlyList<string> Options(VendorSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        var name = surface.Vendor + "Options";
        if (surface.Find(name) is not { } options)
        {
            return [$"{surface.Namespace}.{name}: missing."];
        }

        var problems = new List<string>();
        if (!typeof(VendorClientOptions).IsAssignableFrom(options))
        {
            problems.Add($"{name}: does not derive from VendorClientOptions.");
        }

        if (!options.IsSealed)
        {
            problems.Add($"{name}: not sealed.");
        }

        if (options.GetConstructor(Type.EmptyTypes) is null)
        {
            problems.Add($"{name}..ctor(): no public parameterless constructor (configuration binding and IOptions need one).");
            return problems;
        }

        if (options.GetProperty("TimeZone", PublicInstance) is { } zone)
        {
            if (zone.PropertyType != typeof(string) || zone.SetMethod is not { IsPublic: true })
            {
                problems.Add($"{name}.TimeZone: is {Describe(zone.PropertyType)}{(zone.SetMethod is { IsPublic: true } ? string.Empty : " without a public setter")}, expected a settable string IANA id (bindable from configuration).");
            }
            else if (!Equals(zone.GetValue(Activator.CreateInstance(options)), "UTC"))
            {
                problems.Add($"{name}.TimeZone: defaults to '{zone.GetValue(Activator.CreateInstance(options))}', expected \"UTC\".");
            }
        }

        return problems;
    }

    // ---- dependency injection -----------------------------------------------------------------------------------

    /// <summary>
    /// <c>{Vendor}ServiceCollectionExtensions</c>, static, in the vendor namespace, with exactly the four
    /// <c>Add{Vendor}Client</c> overloads (parameters named <c>services</c>, <c>configure</c>, <c>configuration</c>,
    /// <c>name</c>), each returning <c>IHttpClientBuilder</c>, and nothing else public.
    /// </summary>
    public static IReadOnlyList<string> Extensions(VendorSurface surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        var name = surface.Vendor + "ServiceCollectionExtensions";
        var extensions = surface.Find(name);
        if (extensions is null)
        {
            return [$"{surface.Namespace}.{name}: missing."];
        }

        var problems = new List<string>();
        if (!(extensions.IsAbstract && extensions.IsSealed))
        {
            problems.Add($"{name}: not a static class.");
        }

        if (extensions.Namespace != surface.Namespace)
        {
            problems.Add($"{name}: in namespace {extensions.Namespace}, expected {surface.Namespace}.");
        }

        var method = $"Add{surface.Vendor}Client";
        var configure = surface.Find(surface.Vendor + "Options") is { } options ? typeof(Action<>).MakeGenericType(options) : null;
        string[] expected =
        [
            $"IServiceCollection services, {Describe(configure)} configure",
            "IServiceCollection services, IConfiguration configuration",
            $"IServiceCollection services, String name, {Describe(configure)} configure",
            "IServiceCollection services, String name, IConfiguration configuration",
        ];

        var found = new List<string>();
        foreach (var candidate in extensions.GetMethods(PublicStatic | BindingFlags.DeclaredOnly))
        {
            var signature = string.Join(", ", candidate.GetParameters().Select(p => $"{Describe(p.ParameterType)} {p.Name}"));
            if (candidate.Name != method)
            {
                problems.Add($"{name}.{candidate.Name}({signature}): a public method other than the four {method} overloads.");
                continue;
            }

            found.Add(signature);
            if (!expected.Contains(signature, StringComparer.Ordinal))
            {
                problems.Add($"{name}.{method}({signature}): not one of the four overloads ({string.Join(" | ", expected.Select(e => "(" + e + ")"))}).");
            }

            if (candidate.ReturnType != typeof(IHttpClientBuilder))
            {
                problems.Add($"{name}.{method}({signature}): returns {Describe(candidate.ReturnType)}, expected IHttpClientBuilder.");
            }

            if (!candidate.IsDefined(typeof(ExtensionAttribute), false))
            {
                problems.Add($"{name}.{method}({signature}): not an extension method of IServiceCollection.");
            }
        }

        foreach (var missing in expected.Where(e => !found.Contains(e, StringComparer.Ordinal)))
        {
            problems.Add($"{name}.{method}({missing}): missing.");
        }

        foreach (var twice in found.GroupBy(f => f, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"{name}.{method}({twice.Key}): declared {twice.Count()} times.");
        }

        return problems;
    }

    // ---- results ------------------------------------------------------------------------------------------------

    /// <summary>The vendor and Core types an operation's result reaches (through properties, collections and nullables), with the property names leading to each.</summary>
    public static IReadOnlyDictionary<Type, IReadOnlyList<string>> ResultTypes(Type client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var vendorAssembly = client.Assembly;
        var reached = new Dictionary<Type, List<string>>();
        var queue = new Queue<(Type Type, string Via)>();
        foreach (var operation in Operations(client))
        {
            foreach (var component in Components(operation.ReturnType))
            {
                queue.Enqueue((component, string.Empty));
            }
        }

        while (queue.Count > 0)
        {
            var (type, via) = queue.Dequeue();
            if (!(type.Assembly == vendorAssembly || type.Assembly == CoreAssembly) || type.IsEnum)
            {
                continue;
            }

            if (reached.TryGetValue(type, out var vias))
            {
                if (!vias.Contains(via))
                {
                    vias.Add(via);
                }

                continue;
            }

            reached[type] = [via];
            foreach (var property in type.GetProperties(PublicInstance).Where(p => p.GetIndexParameters().Length == 0))
            {
                foreach (var component in Components(property.PropertyType))
                {
                    queue.Enqueue((component, property.Name));
                }
            }
        }

        return reached.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value);
    }

    /// <summary>
    /// Result types are immutable: no public setter except <c>init</c>, no public writable field, and collections exposed as
    /// <c>IReadOnlyList</c>, <c>IReadOnlyCollection</c> or <c>IReadOnlyDictionary</c>, never arrays, lists or dictionaries.
    /// </summary>
    public static IReadOnlyList<string> ImmutableResults(Type client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var problems = new List<string>();
        foreach (var type in ResultTypes(client).Keys.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            foreach (var property in type.GetProperties(PublicInstance).Where(p => p.GetIndexParameters().Length == 0))
            {
                if (property.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
                {
                    problems.Add($"{type.Name}.{property.Name}: has a public setter; results are immutable (init-only).");
                }

                if (MutableCollection(property.PropertyType) is { } mutable)
                {
                    problems.Add($"{type.Name}.{property.Name}: exposes {Describe(mutable)}; collections are IReadOnlyList, IReadOnlyCollection or IReadOnlyDictionary.");
                }
            }

            foreach (var field in type.GetFields(PublicInstance))
            {
                if (!field.IsInitOnly)
                {
                    problems.Add($"{type.Name}.{field.Name}: a public writable field; results are immutable.");
                }

                if (MutableCollection(field.FieldType) is { } mutable)
                {
                    problems.Add($"{type.Name}.{field.Name}: exposes {Describe(mutable)}; collections are IReadOnlyList, IReadOnlyCollection or IReadOnlyDictionary.");
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// The request and result properties that name the same id (<c>UserIds</c>/<c>Users</c> and <c>UserId</c>,
    /// <c>AgentLogins</c> and <c>Agent.Login</c>): same name once singular and without <c>Id</c>, the result's possibly
    /// prefixed by the property that leads to it, and one of the two named <c>…Id(s)</c> or <c>…Login(s)</c>.
    /// </summary>
    public static IReadOnlyList<IdPair> IdPairs(Type client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var resultIds = new List<(string Key, string Name, string Member, Type Element)>();
        foreach (var (type, vias) in ResultTypes(client))
        {
            foreach (var property in type.GetProperties(PublicInstance).Where(p => p.GetIndexParameters().Length == 0))
            {
                var element = ElementType(property.PropertyType);
                resultIds.Add((IdKey(property.Name), $"{type.Name}.{property.Name}", property.Name, element));
                foreach (var via in vias.Where(v => v.Length > 0))
                {
                    resultIds.Add((IdKey(via + property.Name), $"{type.Name}.{property.Name} (via {via})", property.Name, element));
                }
            }
        }

        var requestTypes = Operations(client)
            .SelectMany(o => o.GetParameters())
            .Select(p => p.ParameterType)
            .Where(t => t.Assembly == client.Assembly && t.Name.EndsWith("Request", StringComparison.Ordinal))
            .Distinct();
        var pairs = new List<IdPair>();
        foreach (var request in requestTypes)
        {
            foreach (var property in request.GetProperties(PublicInstance))
            {
                var key = IdKey(property.Name);
                foreach (var result in resultIds.Where(r => key.Length > 0 && r.Key == key && (IsIdName(property.Name) || IsIdName(r.Member))))
                {
                    pairs.Add(new IdPair($"{request.Name}.{property.Name}", ElementType(property.PropertyType), result.Name, result.Element));
                }
            }
        }

        return pairs.Distinct().ToList();
    }

    /// <summary>Ids agree between requests and results: every pair of <see cref="IdPairs"/> has one element type.</summary>
    public static IReadOnlyList<string> IdsAgree(Type client) =>
        IdPairs(client)
            .Where(p => p.RequestType != p.ResultType)
            .Select(p => $"{p.Request} ({Describe(p.RequestType)}) and {p.Result} ({Describe(p.ResultType)}): the same id with different types; ids have the vendor's one type in requests and results.")
            .ToList();

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static Type? ClientOf(VendorSurface surface) =>
        surface.Find(surface.Vendor + "Client") is { } client && typeof(VendorClient).IsAssignableFrom(client) ? client : null;

    /// <summary>The vendor's client type, for the rules that look at its operations.</summary>
    public static Type Client(VendorSurface surface) =>
        ClientOf(surface ?? throw new ArgumentNullException(nameof(surface)))
        ?? throw new InvalidOperationException($"{surface.Namespace}: no public {surface.Vendor}Client : VendorClient.");

    private static bool IsOperationReturnType(Type type) =>
        OperationReturnTypes.Contains(type.IsGenericType ? type.GetGenericTypeDefinition() : type);

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    private static bool IsRequired(PropertyInfo property) =>
        property.GetCustomAttributes(inherit: false).Any(a => a.GetType().FullName == "System.Runtime.CompilerServices.RequiredMemberAttribute");

    private static bool CarriesTime(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (TimeTypes.Contains(underlying))
        {
            return true;
        }

        return underlying.Assembly != typeof(object).Assembly
            && underlying.Assembly != typeof(Instant).Assembly
            && underlying.GetProperties(PublicInstance).Any(p => TimeTypes.Contains(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType));
    }

    /// <summary>The types a property's value is made of: itself, or a nullable's, an array's or a generic's arguments.</summary>
    private static IEnumerable<Type> Components(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Components(underlying);
        }

        if (type.IsArray)
        {
            return Components(type.GetElementType()!);
        }

        if (type.IsGenericType)
        {
            return type.GetGenericArguments().SelectMany(Components).Append(type);
        }

        return [type];
    }

    /// <summary>An array, or a collection type other than the read-only interfaces, found in the type or its type arguments.</summary>
    private static Type? MutableCollection(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return MutableCollection(underlying);
        }

        if (type.IsArray)
        {
            return type;
        }

        if (type == typeof(string) || !typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        if (!type.IsGenericType || !ReadOnlyCollectionTypes.Contains(type.GetGenericTypeDefinition()))
        {
            return type;
        }

        return type.GetGenericArguments().Select(MutableCollection).FirstOrDefault(t => t is not null);
    }

    /// <summary>The type of one id: a nullable's underlying type, a collection's element type.</summary>
    private static Type ElementType(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return ElementType(underlying);
        }

        if (type.IsArray)
        {
            return ElementType(type.GetElementType()!);
        }

        if (type != typeof(string)
            && type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) is { } enumerable)
        {
            return ElementType(enumerable.GetGenericArguments()[0]);
        }

        return type;
    }

    private static bool IsIdName(string name) =>
        name.EndsWith("Id", StringComparison.Ordinal) || name.EndsWith("Ids", StringComparison.Ordinal)
        || name.EndsWith("Login", StringComparison.Ordinal) || name.EndsWith("Logins", StringComparison.Ordinal);

    /// <summary>The id a property names, singular and without its Id suffix: UserIds, UserId and Users are all "User".</summary>
    private static string IdKey(string name)
    {
        if (name.EndsWith("Ids", StringComparison.Ordinal))
        {
            return name[..^3];
        }

        if (name.EndsWith("Id", StringComparison.Ordinal))
        {
            return name[..^2];
        }

        return name.EndsWith('s') ? name[..^1] : name;
    }

    private static string Visibility(MethodBase method) =>
        method.IsPublic ? "public" : method.IsFamily ? "protected" : method.IsFamilyOrAssembly ? "protected internal" : method.IsAssembly ? "internal" : "private";

    private static string Describe(MethodInfo method) =>
        $"{method.Name}({string.Join(", ", method.GetParameters().Select(p => $"{Describe(p.ParameterType)} {p.Name}"))})";

    private static string Describe(Type? type)
    {
        if (type is null)
        {
            return "nothing";
        }

        if (type.IsArray)
        {
            return Describe(type.GetElementType()) + "[]";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>";
    }
}

/// <summary>A request property and a result property that name the same id, with their element types.</summary>
public sealed record IdPair(string Request, Type RequestType, string Result, Type ResultType);
