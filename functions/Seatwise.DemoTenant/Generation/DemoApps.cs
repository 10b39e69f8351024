namespace Seatwise.DemoTenant.Generation;

/// <summary>An enterprise application (service principal) of the demo tenant.</summary>
public sealed record DemoApp(string Id, string AppId, string DisplayName, string? PublisherName, bool AccountEnabled, IReadOnlyList<string> Tags, string? AppOwnerOrganizationId);

public static class DemoApps
{
    public const string MicrosoftTenant = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
    private const string IntegratedAppTag = "WindowsAzureActiveDirectoryIntegratedApp";

    private static readonly (string Name, string Publisher)[] SaaS =
    [
        ("Zoom", "Zoom Video Communications"), ("Cisco Webex Meetings", "Cisco"), ("GoToMeeting", "GoTo"),
        ("Slack", "Slack Technologies"), ("Dropbox Business", "Dropbox"), ("Box Enterprise", "Box"),
        ("Google Workspace", "Google"), ("Jira Software", "Atlassian"), ("Confluence", "Atlassian"), ("Trello", "Atlassian"),
        ("Asana", "Asana"), ("monday.com", "monday.com"), ("Smartsheet", "Smartsheet"), ("Wrike", "Wrike"),
        ("Salesforce", "Salesforce"), ("HubSpot", "HubSpot"), ("Pipedrive", "Pipedrive"), ("DocuSign", "DocuSign"),
        ("Adobe Acrobat Sign", "Adobe"), ("Dropbox Sign", "Dropbox"), ("Adobe Creative Cloud", "Adobe"), ("Figma", "Figma"),
        ("Canva", "Canva"), ("Miro", "Miro"), ("Lucidchart", "Lucid"), ("GitHub Enterprise Cloud", "GitHub"),
        ("GitLab", "GitLab"), ("1Password", "1Password"), ("LastPass", "LastPass"), ("Workday", "Workday"),
        ("BambooHR", "BambooHR"), ("Tableau Cloud", "Tableau"), ("Zendesk", "Zendesk"), ("Freshdesk", "Freshworks"),
        ("ServiceNow", "ServiceNow"), ("Intercom", "Intercom"),
    ];

    private static readonly string[] Internal =
    [
        "Contoso Expenses", "Contoso Intranet", "Internal HR Portal", "Legacy Timesheets", "Partner Portal",
        "Data Warehouse Loader", "Build Agents", "Customer Feedback Survey", "Travel Booking", "Badge System",
    ];

    private static readonly string[] FirstParty =
    [
        "Office 365 Exchange Online", "Office 365 SharePoint Online", "Microsoft Teams", "Microsoft Graph", "Power BI Service",
    ];

    private static readonly string[] Departments = ["Sales", "Marketing", "Engineering", "Finance", "EMEA", "APAC", "Legal", "Support"];

    /// <summary>A few hundred apps for a normal tenant: 60 plus one per 10 users, at most 400.</summary>
    public static int CountFor(int users) => Math.Clamp(60 + (users / 10), 60, 400);

    public static IReadOnlyList<DemoApp> Generate(int seed, int count)
    {
        var apps = new List<DemoApp>(count);
        for (var i = 0; i < count; i++)
        {
            var r = DemoRandom.For(seed, i, salt: 0xA5A5A5A5UL);
            string name;
            string? publisher;
            string? owner;
            if (i < FirstParty.Length)
            {
                (name, publisher, owner) = (FirstParty[i], "Microsoft Services", MicrosoftTenant);
            }
            else if (i < FirstParty.Length + SaaS.Length)
            {
                var (n, p) = SaaS[i - FirstParty.Length];
                (name, publisher, owner) = (n, p, r.NextGuid().ToString());
            }
            else if (i < FirstParty.Length + SaaS.Length + Internal.Length)
            {
                (name, publisher, owner) = (Internal[i - FirstParty.Length - SaaS.Length], "Contoso", null);
            }
            else
            {
                // Departments that bought their own instance of the same tool: the sprawl the inventory shows.
                var (n, p) = r.Pick(SaaS);
                (name, publisher, owner) = ($"{n} - {r.Pick(Departments)} {i}", p, r.NextGuid().ToString());
            }

            apps.Add(new DemoApp(
                r.NextGuid().ToString(),
                r.NextGuid().ToString(),
                name,
                publisher,
                !r.Percent(5),
                owner == MicrosoftTenant ? [] : [IntegratedAppTag],
                owner));
        }

        return apps;
    }
}
