using System.Text.Json.Nodes;

namespace Seatwise.Core.Tests.Alerts;

/// <summary>
/// A hand-written structural check of a Teams message against Adaptive Cards 1.5: the envelope, the element and
/// action types we use with the properties the 1.5 schema defines for them, and their value types.
/// </summary>
internal static class AdaptiveCardCheck
{
    private static readonly Dictionary<string, HashSet<string>> Elements = new()
    {
        ["TextBlock"] = ["type", "text", "wrap", "weight", "size", "isSubtle", "spacing", "separator", "color", "maxLines", "horizontalAlignment", "fontType", "id", "isVisible", "height", "style"],
        ["FactSet"] = ["type", "facts", "spacing", "separator", "id", "isVisible", "height"],
        ["Container"] = ["type", "items", "style", "spacing", "separator", "id", "isVisible", "bleed", "minHeight", "verticalContentAlignment", "selectAction", "height", "rtl", "backgroundImage"],
    };

    private static readonly HashSet<string> Weights = ["Default", "Lighter", "Bolder"];
    private static readonly HashSet<string> Sizes = ["Default", "Small", "Medium", "Large", "ExtraLarge"];
    private static readonly HashSet<string> Spacings = ["None", "Small", "Default", "Medium", "Large", "ExtraLarge", "Padding"];

    public static List<string> Problems(JsonObject message)
    {
        var problems = new List<string>();
        if (message["type"]?.GetValue<string>() != "message")
        {
            problems.Add("envelope type must be message");
        }

        if (message["attachments"] is not JsonArray { Count: 1 } attachments || attachments[0] is not JsonObject attachment)
        {
            problems.Add("exactly one attachment");
            return problems;
        }

        if (attachment["contentType"]?.GetValue<string>() != "application/vnd.microsoft.card.adaptive")
        {
            problems.Add("attachment contentType");
        }

        if (attachment["content"] is not JsonObject card)
        {
            problems.Add("attachment content must be the card");
            return problems;
        }

        foreach (var property in card)
        {
            if (property.Key is not ("$schema" or "type" or "version" or "body" or "actions" or "msteams"))
            {
                problems.Add($"card property {property.Key} is not in the 1.5 schema (or Teams' msteams)");
            }
        }

        if (card["type"]?.GetValue<string>() != "AdaptiveCard" || card["version"]?.GetValue<string>() != "1.5")
        {
            problems.Add("card must be AdaptiveCard version 1.5");
        }

        if (card["body"] is not JsonArray body)
        {
            problems.Add("card body must be an array");
            return problems;
        }

        foreach (var element in body)
        {
            CheckElement(element, "body", problems);
        }

        foreach (var action in card["actions"] as JsonArray ?? [])
        {
            if (action?["type"]?.GetValue<string>() != "Action.OpenUrl" || !Uri.TryCreate(action["url"]?.GetValue<string>(), UriKind.Absolute, out _) || action["title"] is null)
            {
                problems.Add("actions must be Action.OpenUrl with a title and an absolute url (Action.Submit does not work in webhook cards)");
            }
        }

        return problems;
    }

    private static void CheckElement(JsonNode? node, string path, List<string> problems)
    {
        if (node is not JsonObject element || element["type"]?.GetValue<string>() is not { } type || !Elements.TryGetValue(type, out var allowed))
        {
            problems.Add($"{path}: unknown element {node?["type"]}");
            return;
        }

        foreach (var property in element)
        {
            if (!allowed.Contains(property.Key))
            {
                problems.Add($"{path}: {type}.{property.Key} is not a 1.5 property");
            }
        }

        switch (type)
        {
            case "TextBlock":
                if (element["text"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
                {
                    problems.Add($"{path}: TextBlock.text must be a string");
                }

                Enum(element, "weight", Weights, path, problems);
                Enum(element, "size", Sizes, path, problems);
                break;
            case "FactSet":
                if (element["facts"] is not JsonArray facts || facts.Any(f => f?["title"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || f["value"]?.GetValueKind() != System.Text.Json.JsonValueKind.String))
                {
                    problems.Add($"{path}: FactSet.facts must be title/value strings");
                }

                break;
            case "Container":
                foreach (var item in element["items"] as JsonArray ?? [])
                {
                    CheckElement(item, path + ".items", problems);
                }

                break;
        }

        Enum(element, "spacing", Spacings, path, problems);
    }

    private static void Enum(JsonObject element, string property, HashSet<string> values, string path, List<string> problems)
    {
        if (element[property] is { } value && !values.Contains(value.GetValue<string>()))
        {
            problems.Add($"{path}: {property} '{value}' is not allowed");
        }
    }
}
