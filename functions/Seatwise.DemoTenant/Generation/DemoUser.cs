namespace Seatwise.DemoTenant.Generation;

/// <summary>One generated Entra user with the facts Graph returns for it.</summary>
public sealed record DemoUser
{
    public required int Index { get; init; }

    public required string Id { get; init; }

    public required string UserPrincipalName { get; init; }

    public required string? Mail { get; init; }

    public required string DisplayName { get; init; }

    public required bool AccountEnabled { get; init; }

    public required DateTimeOffset CreatedDateTime { get; init; }

    public required string UserType { get; init; }

    public required IReadOnlyList<DemoSku> Licenses { get; init; }

    public DateTimeOffset? LastSignInDateTime { get; init; }

    public DateTimeOffset? LastNonInteractiveSignInDateTime { get; init; }

    public DateTimeOffset? LastSuccessfulSignInDateTime { get; init; }

    /// <summary>The generator's own label of why the user looks as it does (for docs and tests, never served).</summary>
    public required string Profile { get; init; }
}
