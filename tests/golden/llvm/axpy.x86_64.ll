; ModuleID = 'axpy'
source_filename = "axpy"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: nounwind
define i32 @qc_abi_version() #0 {
entry:
  ret i32 1
}

; Function Attrs: nounwind
define internal void @qc_k0_axpy.body(ptr noalias %0, ptr noalias %1, ptr noalias %2, ptr %3) #1 {
entry:
  %4 = alloca { ptr, ptr, ptr, i64, i64 }, align 8
  %5 = getelementptr inbounds { ptr, ptr, ptr, i64, i64 }, ptr %4, i32 0, i32 0
  store ptr %0, ptr %5, align 8
  %6 = getelementptr inbounds { ptr, ptr, ptr, i64, i64 }, ptr %4, i32 0, i32 1
  store ptr %1, ptr %6, align 8
  %7 = getelementptr inbounds { ptr, ptr, ptr, i64, i64 }, ptr %4, i32 0, i32 2
  store ptr %2, ptr %7, align 8
  %8 = getelementptr inbounds { ptr, ptr, ptr, i64, i64 }, ptr %4, i32 0, i32 3
  store i64 0, ptr %8, align 8
  %9 = getelementptr inbounds { ptr, ptr, ptr, i64, i64 }, ptr %4, i32 0, i32 4
  store i64 1, ptr %9, align 8
  %10 = getelementptr inbounds { i32, i32, ptr, ptr }, ptr %3, i32 0, i32 2
  %11 = load ptr, ptr %10, align 8
  %12 = getelementptr inbounds { i32, i32, ptr, ptr }, ptr %3, i32 0, i32 3
  %13 = load ptr, ptr %12, align 8
  call void %13(ptr %11, i64 1000, ptr @qc_k0_axpy.par0, ptr %4)
  ret void
}

; Function Attrs: nounwind
define internal void @qc_k0_axpy.par0.impl(ptr noalias %0, ptr noalias %1, ptr noalias %2, i64 %3, i64 %4, i64 %5, i64 %6) #1 {
entry:
  %7 = mul nsw i64 %5, %4
  %8 = add nsw i64 %3, %7
  %9 = mul nsw i64 %6, %4
  %10 = add nsw i64 %3, %9
  br label %loop

loop:                                             ; preds = %body, %entry
  %11 = phi i64 [ %8, %entry ], [ %19, %body ]
  %12 = icmp slt i64 %11, %10
  br i1 %12, label %body, label %exit

body:                                             ; preds = %loop
  %13 = getelementptr inbounds float, ptr %0, i64 %11
  %14 = load float, ptr %13, align 4
  %15 = getelementptr inbounds float, ptr %1, i64 %11
  %16 = load float, ptr %15, align 4
  %17 = call float @llvm.fma.f32(float 2.000000e+00, float %14, float %16)
  %18 = getelementptr inbounds float, ptr %2, i64 %11
  store float %17, ptr %18, align 4
  %19 = add nsw i64 %11, %4
  br label %loop

exit:                                             ; preds = %loop
  ret void
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.fma.f32(float, float, float) #2

; Function Attrs: nounwind
define internal void @qc_k0_axpy.par0(ptr %0, i64 %1, i64 %2) #1 {
entry:
  %3 = getelementptr inbounds { ptr, ptr, ptr, i64, i64 }, ptr %0, i32 0, i32 0
  %4 = load ptr, ptr %3, align 8
  %5 = getelementptr inbounds { ptr, ptr, ptr, i64, i64 }, ptr %0, i32 0, i32 1
  %6 = load ptr, ptr %5, align 8
  %7 = getelementptr inbounds { ptr, ptr, ptr, i64, i64 }, ptr %0, i32 0, i32 2
  %8 = load ptr, ptr %7, align 8
  %9 = getelementptr inbounds { ptr, ptr, ptr, i64, i64 }, ptr %0, i32 0, i32 3
  %10 = load i64, ptr %9, align 8
  %11 = getelementptr inbounds { ptr, ptr, ptr, i64, i64 }, ptr %0, i32 0, i32 4
  %12 = load i64, ptr %11, align 8
  call void @qc_k0_axpy.par0.impl(ptr %4, ptr %6, ptr %8, i64 %10, i64 %12, i64 %1, i64 %2)
  ret void
}

; Function Attrs: nounwind
define void @qc_k0_axpy(ptr %0, ptr %1) #1 {
entry:
  %2 = getelementptr inbounds ptr, ptr %0, i64 0
  %3 = load ptr, ptr %2, align 8
  %4 = getelementptr inbounds ptr, ptr %0, i64 1
  %5 = load ptr, ptr %4, align 8
  %6 = getelementptr inbounds ptr, ptr %0, i64 2
  %7 = load ptr, ptr %6, align 8
  call void @qc_k0_axpy.body(ptr %3, ptr %5, ptr %7, ptr %1)
  ret void
}

attributes #0 = { nounwind }
attributes #1 = { nounwind "no-builtins" }
attributes #2 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
