namespace Seatwise.Storage.Tables;

/// <summary>What a conditional write did; the API turns each into its status code (200/201, 404, 409, 412).</summary>
public enum WriteOutcome
{
    Done,
    NotFound,
    Conflict,
    PreconditionFailed,
}
