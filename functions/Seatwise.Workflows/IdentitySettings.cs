using System.ComponentModel.DataAnnotations;
using Seatwise.Core.Inventory;

namespace Seatwise.Workflows;

/// <summary>Settings under <c>Identity__</c>: how emails from different sources are joined into one person.</summary>
public sealed class IdentitySettings : IValidatableObject
{
    public const string Section = "Identity";

    /// <summary><c>alias=primary</c> pairs separated by <c>;</c>, e.g. <c>contoso-old.com=contoso.com</c>.</summary>
    public string? AliasDomains { get; set; }

    public IdentityKeys ToIdentityKeys() => IdentityKeys.Parse(AliasDomains);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string? error = null;
        try
        {
            ToIdentityKeys();
        }
        catch (FormatException ex)
        {
            error = ex.Message;
        }

        if (error is not null)
        {
            yield return new ValidationResult($"Identity__AliasDomains is invalid: {error}", [nameof(AliasDomains)]);
        }
    }
}
