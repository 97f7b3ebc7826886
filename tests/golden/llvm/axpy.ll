; ModuleID = 'axpy'
source_filename = "axpy"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: nounwind
define void @axpy(ptr noalias %x, ptr noalias %y, float %a, i32 %n) #0 {
entry:
  %count = zext i32 %n to i64
  %nonempty = icmp sgt i32 %n, 0
  br i1 %nonempty, label %loop, label %exit

loop:                                             ; preds = %loop, %entry
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %0 = getelementptr inbounds float, ptr %x, i64 %i
  %1 = getelementptr inbounds float, ptr %y, i64 %i
  %xv = load float, ptr %0, align 4
  %yv = load float, ptr %1, align 4
  %2 = call float @llvm.fmuladd.f32(float %a, float %xv, float %yv)
  store float %2, ptr %1, align 4
  %next = add nsw i64 %i, 1
  %done = icmp eq i64 %next, %count
  br i1 %done, label %exit, label %loop

exit:                                             ; preds = %loop, %entry
  ret void
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.fmuladd.f32(float, float, float) #1

attributes #0 = { nounwind }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
