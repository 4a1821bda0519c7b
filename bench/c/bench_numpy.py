# NumPy (OpenBLAS) timings of np.matmul on the shapes of bench_gemm.c; set OPENBLAS_NUM_THREADS.
import numpy as np, time, sys
def bench(a, b, reps):
    ts=[]
    for _ in range(3): np.matmul(a,b)
    for _ in range(reps):
        t=time.perf_counter(); np.matmul(a,b); ts.append(time.perf_counter()-t)
    return float(np.median(ts))
rng=np.random.default_rng(0)
shapes=[("128x784@784x512",(128,784),(784,512),False,False,np.float32),
("(128x784)^T@128x512",(128,784),(128,512),True,False,np.float32),
("128x512@(784x512)^T",(128,512),(784,512),False,True,np.float32),
("128x512@512x10",(128,512),(512,10),False,False,np.float32),
("512^3",(512,512),(512,512),False,False,np.float32),
("1024^3",(1024,1024),(1024,1024),False,False,np.float32),
("2048^3",(2048,2048),(2048,2048),False,False,np.float32),
("f64 1024^3",(1024,1024),(1024,1024),False,False,np.float64)]
T=sys.argv[1] if len(sys.argv)>1 else "?"
for name,sa,sb,ta,tb,dt in shapes:
    a=rng.standard_normal(sa).astype(dt); b=rng.standard_normal(sb).astype(dt)
    if ta: a=a.T
    if tb: b=b.T
    M,K=a.shape; N=b.shape[1]
    reps = 200 if M*N*K<1e8 else 20
    t=bench(a,b,reps)
    print(f"numpy threads={T} {name:22s} {t*1e6:10.1f} us {2*M*N*K/t/1e9:8.1f} GFLOP/s")
