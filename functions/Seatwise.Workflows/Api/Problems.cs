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

    public static IResult Unauthorized(string detail) => Create(StatusCodes.Status401Unauthorized, "unauthorized", "A key is required.", detail);

    public static IResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "not-found", "Not found.", detail);

    public static IResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status409Conflict, "conflict", "Conflict.", detail, extensions);

    public static IResult Unavailable(string detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status503ServiceUnavailable, "unavailable", "A dependency is unavailable.", detail, extensions);

    public static IResult Internal(string traceId) =>
        Create(StatusCodes.Status500InternalServerError, "internal", "Unexpected error.",
            $"The server failed to handle the request. Quote trace id {traceId} when reporting it.");
}
