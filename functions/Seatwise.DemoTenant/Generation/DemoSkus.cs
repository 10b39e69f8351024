namespace Seatwise.DemoTenant.Generation;

/// <summary>A subscribed SKU of the demo tenant, with real skuIds and part numbers.</summary>
public sealed record DemoSku(string SkuId, string SkuPartNumber, string Name, IReadOnlyList<string> ServicePlans, double PrepaidHeadroom, string SubscriptionId);

public static class DemoSkus
{
    private static readonly string[] E3Plans =
    [
        "EXCHANGE_S_ENTERPRISE", "SHAREPOINTENTERPRISE", "OFFICESUBSCRIPTION", "MCOSTANDARD", "TEAMS1", "INTUNE_A",
        "AAD_PREMIUM", "RMS_S_ENTERPRISE", "FORMS_PLAN_E3", "SWAY", "YAMMER_ENTERPRISE", "MICROSOFT_SEARCH",
    ];

    // E5 includes every E3 plan and adds security, voice and analytics: an account holding both pays twice.
    private static readonly string[] E5Plans =
    [
        .. E3Plans, "MCOEV", "MCOMEETADV", "ATP_ENTERPRISE", "THREAT_INTELLIGENCE", "AAD_PREMIUM_P2", "BI_AZURE_P2",
        "INFORMATION_PROTECTION_COMPLIANCE", "EQUIVIO_ANALYTICS", "WINDEFATP",
    ];

    public static readonly DemoSku E3 = new("05e9a617-0261-4cee-bb44-138d3ef5d965", "SPE_E3", "Microsoft 365 E3", E3Plans, 0.12, "4a1c9e0b-7f3d-4b6a-9c2e-1d8f5a7b3e01");
    public static readonly DemoSku E5 = new("06ebc4ee-1bb5-47dd-8120-11324bc54e06", "SPE_E5", "Microsoft 365 E5", E5Plans, 0.10, "4a1c9e0b-7f3d-4b6a-9c2e-1d8f5a7b3e02");
    public static readonly DemoSku Copilot = new("639dec6b-bb19-468b-871c-c5c441c4b0cb", "Microsoft_365_Copilot", "Microsoft 365 Copilot", ["M365_COPILOT_APPS", "M365_COPILOT_TEAMS", "GRAPH_CONNECTORS_COPILOT"], 0.30, "4a1c9e0b-7f3d-4b6a-9c2e-1d8f5a7b3e03");
    public static readonly DemoSku Visio = new("c5928f49-12ba-48f7-ada3-0d743a3601d5", "VISIOCLIENT", "Visio Plan 2", ["VISIO_CLIENT_SUBSCRIPTION", "VISIOONLINE"], 0.20, "4a1c9e0b-7f3d-4b6a-9c2e-1d8f5a7b3e04");
    public static readonly DemoSku PowerBiPro = new("f8a1db68-be16-40ed-86d5-cb42ce701560", "POWER_BI_PRO", "Power BI Pro", ["BI_AZURE_P2"], 0.15, "4a1c9e0b-7f3d-4b6a-9c2e-1d8f5a7b3e05");
    public static readonly DemoSku TeamsPhone = new("e43b5b99-8dfb-405f-9987-dc307f34bcbd", "MCOEV", "Teams Phone Standard", ["MCOEV"], 0.10, "4a1c9e0b-7f3d-4b6a-9c2e-1d8f5a7b3e06");
    public static readonly DemoSku FlowFree = new("f30db892-07e9-47e9-837c-80727f46fd3d", "FLOW_FREE", "Microsoft Power Automate Free", ["FLOW_P2_VIRAL"], 0.0, "4a1c9e0b-7f3d-4b6a-9c2e-1d8f5a7b3e07");

    public static readonly IReadOnlyList<DemoSku> All = [E3, E5, Copilot, Visio, PowerBiPro, TeamsPhone, FlowFree];

    /// <summary>A stable GUID for a service plan name (the demo needs ids, Seatwise compares names).</summary>
    public static Guid PlanId(string name)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name));
        return new Guid(hash.AsSpan(0, 16));
    }
}
