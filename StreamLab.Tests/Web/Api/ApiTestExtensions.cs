using System.Net;
using System.Text.Json;

namespace StreamLab.Tests.Web.Api;

/// <summary>Reading API answers in tests: status plus parsed JSON, and problem documents checked for their RFC 7807 shape.</summary>
public static class ApiTestExtensions
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an <c>application/problem+json</c> answer with the status and a detail containing <paramref name="detailPart"/>.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected, string detailPart)
    {
        var problem = await response.JsonAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.True(problem.GetProperty("detail").GetString()!.Contains(detailPart, StringComparison.Ordinal), $"detail lacks '{detailPart}': {problem}");
        return problem;
    }
}
