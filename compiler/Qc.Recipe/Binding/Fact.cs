namespace Qc.Recipe.Binding;

/// <summary>The op facts a selector can use.</summary>
public enum Fact
{
    /// <summary><c>op</c>: the ONNX op type.</summary>
    Op,

    /// <summary><c>name</c>: the ONNX node name.</summary>
    Name,

    /// <summary><c>weight</c>: the weight constant's name.</summary>
    Weight,

    /// <summary><c>output</c>: the first output's name.</summary>
    Output,

    /// <summary><c>inputs</c>: names of the non-constant inputs.</summary>
    Inputs,

    /// <summary><c>shape</c>: the weight shape.</summary>
    Shape,

    /// <summary><c>params</c>: weight and bias elements.</summary>
    Params,

    /// <summary><c>macs</c>: multiply-accumulates per run.</summary>
    Macs,

    /// <summary><c>out_channels</c>.</summary>
    OutChannels,

    /// <summary><c>in_channels</c>.</summary>
    InChannels,

    /// <summary><c>reduced</c>: the reduced-dimension length.</summary>
    Reduced,

    /// <summary><c>group</c>: the convolution group count.</summary>
    Group,

    /// <summary><c>depth</c>: weight-bearing ops on the longest path from an input, counting this one.</summary>
    Depth,

    /// <summary><c>index</c>: position among weight-bearing ops, from 0.</summary>
    Index,

    /// <summary><c>is_first</c>.</summary>
    IsFirst,

    /// <summary><c>is_last</c>.</summary>
    IsLast,

    /// <summary><c>is_depthwise</c>.</summary>
    IsDepthwise,
}
