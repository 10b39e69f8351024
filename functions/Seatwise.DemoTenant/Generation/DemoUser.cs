namespace Seatwise.DemoTenant.Generation;

/// <summary>One generated Entra user with the facts Graph returns for it.</summary>
public sealed record DemoUser
{
    public required int Index { get; init; }

    public required string Id { get; init; }

    public required string UserPrincipalName { get; init; }

    public required string? Mail { get; init; }

    /// <summary>Graph's <c>proxyAddresses</c>: <c>SMTP:</c> the primary address, <c>smtp:</c> aliases.</summary>
    public IReadOnlyList<string> ProxyAddresses { get; init; } = [];

    /// <summary>Graph's <c>otherMails</c>.</summary>
    public IReadOnlyList<string> OtherMails { get; init; } = [];

    /// <summary>
    /// The address vendors know the person by: the UPN for most; the old address of a renamed user, the mail of one
    /// whose UPN is an employee number, an alias-domain or other address for the rest (docs/demo-tenant.md).
    /// </summary>
    public required string VendorEmail { get; init; }

    public required string DisplayName { get; init; }

    public required bool AccountEnabled { get; init; }

    public required DateTimeOffset CreatedDateTime { get; init; }

    public required string UserType { get; init; }

    public required IReadOnlyList<DemoSku> Licenses { get; init; }

    public DateTimeOffset? LastSignInDateTime { get; init; }

    public DateTimeOffset? LastNonInteractiveSignInDateTime { get; init; }

    public DateTimeOffset? LastSuccessfulSignInDateTime { get; init; }

    /// <summary>
    /// The usage reports' last activity date per workload (<c>Seatwise.Core.Usage.Workloads</c> names); a workload
    /// missing had no use in the report's period.
    /// </summary>
    public IReadOnlyDictionary<string, DateTimeOffset> WorkloadActivity { get; init; } = new Dictionary<string, DateTimeOffset>();

    /// <summary>The Copilot usage report's last activity date (Copilot holders only); null: never used Copilot.</summary>
    public DateTimeOffset? CopilotActivity { get; init; }

    /// <summary>The generator's own label of why the user looks as it does (for docs and tests, never served).</summary>
    public required string Profile { get; init; }
}
