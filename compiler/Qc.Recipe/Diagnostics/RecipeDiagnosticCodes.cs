namespace Qc.Recipe.Diagnostics;

/// <summary>The diagnostic codes of the recipe stage: QC11xx reading (YAML, variables, includes, expression syntax) and
/// QC20xx binding (keys, values, names, formats, selectors). Append-only; see specs/diagnostics.md.</summary>
/// <remarks>QC1001 belongs to the driver (a malformed command-line value), so recipe syntax codes start at QC1100.</remarks>
public static class RecipeDiagnosticCodes
{
    /// <summary>A recipe or included file cannot be read.</summary>
    public const int CannotReadFile = 1100;

    /// <summary>A recipe file is not valid UTF-8.</summary>
    public const int InvalidUtf8 = 1101;

    /// <summary>A recipe file is not valid YAML.</summary>
    public const int InvalidYaml = 1102;

    /// <summary>A mapping has the same key twice.</summary>
    public const int DuplicateKey = 1103;

    /// <summary>YAML or include nesting is deeper than the recipe language allows.</summary>
    public const int NestingTooDeep = 1104;

    /// <summary>A recipe file holds more than one YAML document.</summary>
    public const int MultipleDocuments = 1105;

    /// <summary>A YAML alias refers to an anchor that is not defined before it.</summary>
    public const int UndefinedAlias = 1106;

    /// <summary>A mapping key is not a plain scalar.</summary>
    public const int NonScalarKey = 1107;

    /// <summary>A <c>${...}</c> reference is malformed.</summary>
    public const int BadSubstitution = 1110;

    /// <summary>A <c>${VAR}</c> names a variable that is neither in the environment nor in <c>vars:</c>.</summary>
    public const int UndefinedVariable = 1111;

    /// <summary>Variables refer to each other in a cycle.</summary>
    public const int VariableCycle = 1112;

    /// <summary>Included files include each other in a cycle.</summary>
    public const int IncludeCycle = 1113;

    /// <summary>An expression has a token where it is not allowed, or ends too early.</summary>
    public const int UnexpectedToken = 1120;

    /// <summary>A string literal in an expression has no closing quote.</summary>
    public const int UnterminatedString = 1121;

    /// <summary>An expression contains a character that is not part of the language.</summary>
    public const int UnexpectedCharacter = 1122;

    /// <summary>An expression is empty.</summary>
    public const int EmptyExpression = 1123;

    /// <summary>An expression is too long or too deeply nested.</summary>
    public const int ExpressionTooComplex = 1124;

    /// <summary>A number literal is out of range.</summary>
    public const int NumberOutOfRange = 1125;

    /// <summary>A key is not known in its section.</summary>
    public const int UnknownKey = 2001;

    /// <summary>A required key is missing.</summary>
    public const int MissingKey = 2002;

    /// <summary>A value has the wrong kind (mapping, list, scalar).</summary>
    public const int WrongValueKind = 2003;

    /// <summary>The <c>qc:</c> format version is not supported.</summary>
    public const int UnsupportedVersion = 2004;

    /// <summary>The model file does not exist.</summary>
    public const int ModelNotFound = 2005;

    /// <summary>A data file does not exist yet (a warning: data is needed only by later stages).</summary>
    public const int DataNotFound = 2006;

    /// <summary>The target is not a known triple and CPU.</summary>
    public const int UnknownTarget = 2007;

    /// <summary>An input pin names no model input, or has a bad shape.</summary>
    public const int BadInputPin = 2008;

    /// <summary>A name in an expression is not known in its context.</summary>
    public const int UnknownName = 2010;

    /// <summary>An operator is applied to operands of the wrong type.</summary>
    public const int OperandTypeMismatch = 2011;

    /// <summary>A selector or constraint is not boolean.</summary>
    public const int NotBoolean = 2012;

    /// <summary>A constant expression divides by zero.</summary>
    public const int DivisionByZero = 2013;

    /// <summary>A number has an unknown unit suffix.</summary>
    public const int UnknownUnit = 2014;

    /// <summary>A regular expression does not compile.</summary>
    public const int InvalidRegex = 2015;

    /// <summary>No op in the model has the attribute an expression reads.</summary>
    public const int UnknownAttribute = 2016;

    /// <summary>An expression is of the wrong kind for its position (a comparison where a format is expected, ...).</summary>
    public const int ExpectedKind = 2017;

    /// <summary>A number format or codec is not known.</summary>
    public const int UnknownFormat = 2020;

    /// <summary>A function has no argument of that name.</summary>
    public const int UnknownArgument = 2021;

    /// <summary>A value is of the wrong type or out of range.</summary>
    public const int BadValue = 2022;

    /// <summary>A required argument is missing.</summary>
    public const int MissingArgument = 2023;

    /// <summary>Arguments are misused: too many, repeated, or positional after named.</summary>
    public const int ArgumentMisuse = 2024;

    /// <summary>A format or codec argument does not fit a layer it applies to (group, block, axis, rank).</summary>
    public const int DoesNotFitLayer = 2025;

    /// <summary>An N:M pattern applies to a layer whose reduced dimension is not divisible by M.</summary>
    public const int NmNotDivisible = 2026;

    /// <summary>A codec chain has its stages in an impossible order.</summary>
    public const int BadCodecChain = 2027;

    /// <summary>A format, codec or argument is not allowed in this position.</summary>
    public const int NotAllowedHere = 2028;

    /// <summary>A calibrator is not known.</summary>
    public const int UnknownCalibrator = 2029;

    /// <summary>A metric is not known.</summary>
    public const int UnknownMetric = 2030;

    /// <summary>A sensitivity measure is not known.</summary>
    public const int UnknownSensitivity = 2031;

    /// <summary>A selector matches no weight-bearing op.</summary>
    public const int SelectorMatchesNothing = 2032;

    /// <summary>Every setting of a rule is overridden on every op it matches (a warning).</summary>
    public const int RuleShadowed = 2033;

    /// <summary>A pruning pattern is malformed (N not below M, ratio outside (0, 1)).</summary>
    public const int BadPattern = 2034;

    /// <summary>A pruning method is unknown or does not work with the pattern.</summary>
    public const int BadPruneMethod = 2035;

    /// <summary>An allocate tie policy is not known.</summary>
    public const int UnknownTie = 2036;

    /// <summary>An allocate objective is not known.</summary>
    public const int UnknownObjective = 2037;

    /// <summary>Two arguments of one format contradict each other.</summary>
    public const int ConflictingArguments = 2038;

    /// <summary>A gate refers to a metric that <c>evaluate</c> does not compute.</summary>
    public const int MetricNotEvaluated = 2039;

    /// <summary>No allocate choice fits a layer in <c>over</c>.</summary>
    public const int NoChoiceFits = 2040;

    /// <summary>An allocate choice fits none of the layers in <c>over</c> (a warning).</summary>
    public const int ChoiceFitsNothing = 2041;

    /// <summary>An allocate choice is listed twice (a warning).</summary>
    public const int DuplicateChoice = 2042;

    /// <summary>No weight-bearing op has the name asked for (<c>qc plan --explain</c>).</summary>
    public const int UnknownLayer = 2043;

    /// <summary>A data file has a format qc does not read.</summary>
    public const int BadDataFormat = 2044;

    /// <summary>The model has no weight-bearing ops, so there is nothing to plan (a warning).</summary>
    public const int NoWeightBearingOps = 2045;

    /// <summary>Quantities of different units are compared or added (bytes with counts).</summary>
    public const int UnitMismatch = 2046;
}
