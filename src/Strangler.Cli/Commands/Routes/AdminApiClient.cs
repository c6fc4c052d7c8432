using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Strangler.Gateway;
using Strangler.Json;

namespace Strangler.Cli.Commands.Routes;

/// <summary>
/// Calls the gateway's admin API (<c>/_strangler/api</c>) and turns every failure (unreachable, 401, 400, 404) into an
/// <see cref="AdminApiException"/> whose message says what went wrong and what to do.
/// </summary>
internal sealed class AdminApiClient : IDisposable
{
    public const string Prefix = StranglerWire.AdminApi + "/";

    private readonly HttpClient _http;
    private readonly AdminApiSettings _settings;

    public AdminApiClient(AdminApiSettings settings)
    {
        _settings = settings;
        _http = new HttpClient { BaseAddress = new Uri(settings.Gateway, Prefix), Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
    }

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<JsonElement> PostAsync<T>(string path, T body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) }, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new AdminApiException(
                    // .NET's messages end with or without a full stop ("Connection refused (127.0.0.1:5100)"); the
                    // question after it starts a sentence of its own.
                    $"Cannot reach the gateway at {_settings.Gateway}: {ex.Message.TrimEnd().TrimEnd('.')}. " +
                    "Is it running (strangler gateway, or strangler demo), and is --gateway right?", ex);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new AdminApiException($"The gateway at {_settings.Gateway} did not answer within {_http.Timeout.TotalSeconds:F0} s.", ex);
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new AdminApiException(Describe(request, response.StatusCode, body), fields: ProblemText.Fields(body));
                }

                if (string.IsNullOrWhiteSpace(body))
                {
                    return default;
                }

                try
                {
                    using var document = JsonDocument.Parse(body);
                    return document.RootElement.Clone();
                }
                catch (JsonException ex)
                {
                    throw new AdminApiException($"The gateway answered {request.RequestUri} with something that is not JSON {JsonErrorPosition.Describe(body, ex)}", ex);
                }
            }
        }
    }

    private string Describe(HttpRequestMessage request, HttpStatusCode status, string body)
    {
        var code = $"{(int)status} {status}";
        var details = ProblemText.From(body);
        return status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                $"The gateway refused the admin token ({code}): check --token or {AdminApiOptions.TokenVariable} " +
                "against the gateway's Strangler:Gateway:AdminToken.",
            HttpStatusCode.NotFound when details.Length == 0 =>
                $"Not found ({code}) at {new Uri(_settings.Gateway, request.RequestUri!)}: is this a Strangler gateway, " +
                "and does it have an admin token configured (no token means the admin API is off)?",
            HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict =>
                $"The gateway rejected the request ({code}): {details}",
            _ => $"The gateway answered {code}{(details.Length > 0 ? ": " + details : ".")}",
        };
    }
}
