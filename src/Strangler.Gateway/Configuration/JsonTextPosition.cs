namespace Strangler.Gateway.Configuration;

/// <summary>A place in a JSON text as editors number it: line and column from 1, the column in characters.</summary>
internal readonly record struct JsonTextPosition(int Line, int Column);
