using System.ComponentModel.DataAnnotations;

namespace Seatwise.Workflows;

/// <summary>Settings under <c>Seatwise__</c>.</summary>
public sealed class SeatwiseOptions
{
    public const string Section = "Seatwise";

    /// <summary>The tenant every stored key starts with. Locally a fixed demo id; in Azure the Entra tenant id.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9-]{1,64}$", ErrorMessage = "Seatwise__TenantId must be 1-64 letters, digits or '-'.")]
    public string TenantId { get; set; } = "local";
}
