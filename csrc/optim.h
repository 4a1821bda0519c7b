/* Fused optimiser updates: one pass over a parameter instead of one tensor op per term.
 * Arrays are contiguous and of one length n; every update is in place.
 *
 * sgd:      v = momentum * v + g;  p -= lr * (nesterov ? g + momentum * v : v)   (v unused if momentum == 0)
 * rmsprop:  v = rho * v + (1 - rho) * g^2
 *           p -= lr * g / sqrt(v + eps)        eps_inside = 1 (TensorFlow-Keras 2 / tf.raw_ops)
 *           p -= lr * g / (sqrt(v) + eps)      eps_inside = 0 (PyTorch, Keras 3)
 * adam:     m = b1 * m + (1 - b1) * g;  v = b2 * v + (1 - b2) * g^2
 *           p -= lr_t * m / (sqrt(v) + eps_t)  with lr_t and eps_t precomputed by the caller:
 *           (bias correction folded into lr_t and eps_t by the caller, tinytensor/optim.py)
 */
#ifndef TT_OPTIM_H
#define TT_OPTIM_H
#include "tt.h"

/* the rules, as the per-level kernels (optim_kernel.h, dispatch.h) name them */
enum { TT_OPT_SGD, TT_OPT_RMSPROP, TT_OPT_ADAM };

void tt_sgd_f32(float *p, const float *g, float *v, tt_ssize n, float lr, float momentum, int nesterov);
void tt_sgd_f64(double *p, const double *g, double *v, tt_ssize n, double lr, double momentum, int nesterov);
void tt_rmsprop_f32(float *p, const float *g, float *v, tt_ssize n, float lr, float rho, float eps, int eps_inside);
void tt_rmsprop_f64(double *p, const double *g, double *v, tt_ssize n, double lr, double rho, double eps, int eps_inside);
void tt_adam_f32(float *p, const float *g, float *m, float *v, tt_ssize n, float lr_t, float b1, float b2, float eps_t);
void tt_adam_f64(double *p, const double *g, double *m, double *v, tt_ssize n, double lr_t, double b1, double b2, double eps_t);
#endif
