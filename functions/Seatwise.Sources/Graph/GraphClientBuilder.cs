using Azure.Core;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Authentication.Azure;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace Seatwise.Sources.Graph;

/// <summary>
/// Builds the Graph SDK client the same way for real Graph and the demo tenant; only settings differ. The
/// HttpClient comes from GraphClientFactory's handler chain, because only that chain retries 429/503 and
/// honours Retry-After (a plain HttpClient never retries).
/// </summary>
public static class GraphClientBuilder
{
    public static GraphServiceClient Create(GraphOptions options)
    {
        var handlers = GraphClientFactory.CreateDefaultHandlers();
        var retryIndex = handlers.ToList().FindIndex(h => h is RetryHandler);
        var retry = new RetryHandler(new RetryHandlerOption
        {
            MaxRetry = options.MaxRetries,
            Delay = (int)Math.Ceiling(options.RetryDelaySeconds),
        });
        if (retryIndex >= 0)
        {
            handlers[retryIndex] = retry;
        }
        else
        {
            handlers.Add(retry);
        }

        var http = GraphClientFactory.Create(handlers);
        http.Timeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds);
        var baseUrl = options.BaseUrl.TrimEnd('/');
        http.BaseAddress = new Uri(baseUrl);
        return new GraphServiceClient(http, AuthenticationProvider(options, baseUrl), baseUrl);
    }

    /// <summary>The audience of a managed identity's token used as a federated client assertion (public cloud).</summary>
    public const string FederatedTokenScope = "api://AzureADTokenExchange/.default";

    private static IAuthenticationProvider AuthenticationProvider(GraphOptions options, string baseUrl)
    {
        if (options.Authentication == GraphAuthentication.None)
        {
            return new AnonymousAuthenticationProvider();
        }

        // The user-assigned identity's client id: Graph__ClientId, else AZURE_CLIENT_ID as the infra sets it.
        var identityClientId = string.IsNullOrWhiteSpace(options.ClientId) ? Environment.GetEnvironmentVariable("AZURE_CLIENT_ID") : options.ClientId;
        var identity = new ManagedIdentityCredential(string.IsNullOrWhiteSpace(identityClientId)
            ? ManagedIdentityId.SystemAssigned
            : ManagedIdentityId.FromUserAssignedClientId(identityClientId));
        TokenCredential credential = options.Authentication switch
        {
            GraphAuthentication.ClientSecret => new ClientSecretCredential(options.TenantId, options.ClientId ?? options.AppClientId, options.ClientSecret),
            // The managed identity's token for the token exchange audience is the app registration's client
            // assertion (its federated credential trusts the identity), so no secret exists to leak or rotate.
            GraphAuthentication.FederatedIdentity => new ClientAssertionCredential(options.TenantId, options.AppClientId, async cancellationToken =>
                (await identity.GetTokenAsync(new TokenRequestContext([FederatedTokenScope]), cancellationToken)).Token),
            _ => identity,
        };
        var host = new Uri(baseUrl).Host;
        // Tokens go only to the configured Graph host (national clouds have their own).
        return new AzureIdentityAuthenticationProvider(credential, [host], scopes: [$"https://{host}/.default"]);
    }
}
