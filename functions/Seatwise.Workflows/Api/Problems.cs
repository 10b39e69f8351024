using Microsoft.AspNetCore.Http;

namespace Seatwise.Workflows.Api;

/// <summary>RFC 9457 problem details, the only error shape the API answers with.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";
    private const string TypeBase = "https://seatwise.dev/problems/";

    public static IResult Create(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: TypeBase + type, extensions: extensions);

    public static IResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, "bad-request", "The request is not valid.", detail);

    public static IResult BadParameter(string name, string reason) =>
        Create(StatusCodes.Status400BadRequest, "bad-parameter", "A query parameter is not valid.", $"{name} {reason}",
            new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [name] = [reason] } });

    public static IResult UnsupportedMediaType(string detail) => Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type.", detail);

    public static IResult TooLarge(string detail) => Create(StatusCodes.Status413PayloadTooLarge, "too-large", "The request is too large.", detail);

    public static IResult PreconditionFailed(string detail) => Create(StatusCodes.Status412PreconditionFailed, "precondition-failed", "The resource has changed.", detail);

    public static IResult PreconditionRequired(string detail) => Create(StatusCodes.Status428PreconditionRequired, "precondition-required", "If-Match is required.", detail);

    /// <summary>422 with every field error, grouped by field as in ASP.NET Core's validation problems.</summary>
    public static IResult Invalid(string detail, IEnumerable<Seatwise.Core.Contracts.FieldError> errors) =>
        Create(StatusCodes.Status422UnprocessableEntity, "validation", "The input is not valid.", detail,
            new Dictionary<string, object?>
            {
                ["errors"] = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            });

    public static IResult Unauthorized(string detail) => Create(StatusCodes.Status401Unauthorized, "unauthorized", "A key is required.", detail);

    public static IResult Forbidden(string detail) => Create(StatusCodes.Status403Forbidden, "forbidden", "Not allowed.", detail);

    public static IResult Gone(string detail) => Create(StatusCodes.Status410Gone, "gone", "No longer available.", detail);

    public static IResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "not-found", "Not found.", detail);

    public static IResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status409Conflict, "conflict", "Conflict.", detail, extensions);

    public static IResult Unavailable(string detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status503ServiceUnavailable, "unavailable", "A dependency is unavailable.", detail, extensions);

    public static IResult Internal(string traceId) =>
        Create(StatusCodes.Status500InternalServerError, "internal", "Unexpected error.",
            $"The server failed to handle the request. Quote trace id {traceId} when reporting it.");
}
