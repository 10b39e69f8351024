using System.Text.Json.Serialization;

namespace Seatwise.Core.Inventory;

/// <summary>Something a source can assign (a Graph SKU such as SPE_E5, a vendor plan).</summary>
public sealed record Product(
    string Source,
    string ProductKey,
    string? Name = null,
    int? EnabledUnits = null,
    int? ConsumedUnits = null,
    IReadOnlyList<string>? ServicePlans = null);

/// <summary>A person's identity in one source, with the facts activity is judged by.</summary>
public sealed record Account
{
    public required string Source { get; init; }

    public required string AccountId { get; init; }

    /// <summary>Normalised email/UPN that joins accounts across sources (<see cref="IdentityKeys"/>).</summary>
    public required string IdentityKey { get; init; }

    /// <summary>
    /// The account's other addresses as identity keys (Entra: <c>mail</c>, <c>proxyAddresses</c> smtp entries,
    /// <c>otherMails</c>), without <see cref="IdentityKey"/> itself; null when it has none.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? OtherIdentityKeys { get; init; }

    /// <summary>
    /// The vendor gave no address for the person (a GitHub login without a SAML/SCIM email): the key is the vendor's
    /// own name for the account, which cannot join Entra ID, so the account is <c>unmatched</c>, never a leaver.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool IdentityUnknown { get; init; }

    /// <summary><see cref="IdentityKey"/> followed by <see cref="OtherIdentityKeys"/>.</summary>
    [JsonIgnore]
    public IEnumerable<string> AllIdentityKeys => OtherIdentityKeys is null ? [IdentityKey] : [IdentityKey, .. OtherIdentityKeys];

    public string? DisplayName { get; init; }

    public bool Enabled { get; init; } = true;

    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Graph: last successful sign-in, interactive or not (since Dec 2023, not backfilled).</summary>
    public DateTimeOffset? LastSuccessfulSignInAt { get; init; }

    /// <summary>Graph: last interactive sign-in attempt, successful or not.</summary>
    public DateTimeOffset? LastSignInAt { get; init; }

    /// <summary>Graph: last non-interactive sign-in attempt.</summary>
    public DateTimeOffset? LastNonInteractiveSignInAt { get; init; }

    /// <summary>Vendors: their own last-active field.</summary>
    public DateTimeOffset? LastActiveAt { get; init; }

    public string? UserType { get; init; }

    /// <summary>
    /// The instant activity is judged by: the last successful sign-in when Graph has it (attempts also move on
    /// failed sign-ins, e.g. password spray), otherwise the latest of the other facts.
    /// </summary>
    public DateTimeOffset? LastActivity =>
        LastSuccessfulSignInAt ?? Latest(Latest(LastSignInAt, LastNonInteractiveSignInAt), LastActiveAt);

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a > b ? a : b);
}

/// <summary>One product assigned to an account.</summary>
/// <param name="LastActiveAt">
/// Activity in this product when the vendor reports it per product (Atlassian per product, GitHub Copilot); it
/// replaces the account's for this seat. Null: the account's activity applies.
/// </param>
/// <param name="ActivityUnknown">
/// The vendor has no activity for this product at all (GitHub organization membership): the seat is
/// <c>unknown</c>, never <c>inactive</c>, whatever the account's other seats show.
/// </param>
public sealed record SeatAssignment(
    string ProductKey,
    DateTimeOffset? AssignedAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? LastActiveAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool ActivityUnknown = false)
{
    /// <summary>
    /// <see cref="LastActiveAt"/> alone judges the seat, null meaning no use in the period (Microsoft usage reports):
    /// the account's sign-ins do not stand in for it.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool JudgedBySeat { get; init; }

    /// <summary>The last activity date per workload (<see cref="Usage.Workloads"/>) the seat was judged by, as evidence; null when none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, DateTimeOffset>? Usage { get; init; }

    /// <summary>
    /// The groups the seat is assigned through when it is held only through groups (Graph's
    /// <c>licenseAssignmentStates[].assignedByGroup</c>); null when assigned directly or the source cannot tell.
    /// Such a seat is reclaimed by changing the group, never by removing it from the one person.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AssignedByGroup { get; init; }
}

/// <summary>An account with every product it holds in its source: the unit sources stream.</summary>
public sealed record AccountSeats(Account Account, IReadOnlyList<SeatAssignment> Seats);

/// <summary>An enterprise application (service principal) seen in the tenant.</summary>
public sealed record App(
    string AppId,
    string DisplayName,
    string? PublisherName = null,
    bool Enabled = true,
    DateTimeOffset? LastSignInAt = null,
    bool SignInActivityKnown = false,
    string? OwnerOrganizationId = null);
