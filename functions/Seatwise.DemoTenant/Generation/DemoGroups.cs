namespace Seatwise.DemoTenant.Generation;

/// <summary>
/// Group-based licensing in the demo tenant: Microsoft 365 E3 of every sixth person (index 1, 7, 13...) comes from
/// the group "Licensing - Microsoft 365 E3 (Sales)", as in tenants that license a department through a group.
/// Graph shows it in <c>licenseAssignmentStates[].assignedByGroup</c> and refuses to remove it from the user.
/// </summary>
public static class DemoGroups
{
    public const string SalesE3GroupId = "7d3c2b1a-0e3f-4c5d-8a9b-00000000e3e3";

    public static string? AssignedBy(DemoUser user, DemoSku sku) =>
        sku.SkuPartNumber == DemoSkus.E3.SkuPartNumber && user.Index % 6 == 1 ? SalesE3GroupId : null;
}
