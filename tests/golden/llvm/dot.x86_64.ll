; ModuleID = 'dot'
source_filename = "dot"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: nounwind
define i32 @qc_abi_version() #0 {
entry:
  ret i32 1
}

; Function Attrs: nounwind
define internal void @qc_k0_dot.body(ptr noalias %0, ptr noalias %1, ptr %2) #1 {
entry:
  br label %loop

loop:                                             ; preds = %body, %entry
  %3 = phi i64 [ 0, %entry ], [ %9, %body ]
  %4 = phi float [ 0.000000e+00, %entry ], [ %8, %body ]
  %5 = icmp slt i64 %3, 256
  br i1 %5, label %body, label %exit

body:                                             ; preds = %loop
  %6 = getelementptr inbounds float, ptr %0, i64 %3
  %7 = load float, ptr %6, align 4
  %8 = call float @llvm.fma.f32(float %7, float %7, float %4)
  %9 = add nsw i64 %3, 1
  br label %loop

exit:                                             ; preds = %loop
  %10 = getelementptr inbounds float, ptr %1, i64 0
  store float %4, ptr %10, align 4
  ret void
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.fma.f32(float, float, float) #2

; Function Attrs: nounwind
define void @qc_k0_dot(ptr %0, ptr %1) #1 {
entry:
  %2 = getelementptr inbounds ptr, ptr %0, i64 0
  %3 = load ptr, ptr %2, align 8
  %4 = getelementptr inbounds ptr, ptr %0, i64 1
  %5 = load ptr, ptr %4, align 8
  call void @qc_k0_dot.body(ptr %3, ptr %5, ptr %1)
  ret void
}

attributes #0 = { nounwind }
attributes #1 = { nounwind "no-builtins" }
attributes #2 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
