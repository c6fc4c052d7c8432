namespace Strangler.Gateway.Routing;

internal enum PathSegmentKind
{
    Literal,
    Parameter,
    CatchAll,
}
