"""The first convnet of Deep Learning with Python (ch. 5, listings 5.1-5.3), run by tinytensor.

Only the imports differ from the Keras listing: two Conv2D/MaxPooling2D stages, a third Conv2D,
Flatten and two Dense layers on MNIST as (28, 28, 1) images; rmsprop, 5 epochs, batch 64. The
book reports a test accuracy of 0.9908. The data comes from $TINYTENSOR_DATA, the cache, the
repository's data/mnist, or a download (see tinytensor.datasets.mnist).

`python examples/convnet.py --plot --out DIR` also draws the first layer's 32 learned filters
and the feature maps of one test digit into DIR (nothing is written anywhere else).
"""
import argparse

# not part of the listing: the command line is read first, so --help and mistakes cost no training
_parser = argparse.ArgumentParser(description="The Keras MNIST convnet listing (Deep Learning with Python, ch. 5)")
_parser.add_argument("--plot", action="store_true", help="draw the learned filters and feature maps into --out")
_parser.add_argument("--out", metavar="DIR", help="folder for the pictures (required with --plot)")
_args = _parser.parse_args() if __name__ == "__main__" else _parser.parse_args([])
if _args.plot and not _args.out:
    _parser.error("--plot needs --out DIR: the folder to write the pictures into")

from tinytensor import layers
from tinytensor import models

model = models.Sequential()
model.add(layers.Conv2D(32, (3, 3), activation='relu', input_shape=(28, 28, 1)))
model.add(layers.MaxPooling2D((2, 2)))
model.add(layers.Conv2D(64, (3, 3), activation='relu'))
model.add(layers.MaxPooling2D((2, 2)))
model.add(layers.Conv2D(64, (3, 3), activation='relu'))

model.add(layers.Flatten())
model.add(layers.Dense(64, activation='relu'))
model.add(layers.Dense(10, activation='softmax'))

model.summary()

from tinytensor.datasets import mnist
from tinytensor.utils import to_categorical

(train_images, train_labels), (test_images, test_labels) = mnist.load_data()

train_images = train_images.reshape((60000, 28, 28, 1))
train_images = train_images.astype('float32') / 255

test_images = test_images.reshape((10000, 28, 28, 1))
test_images = test_images.astype('float32') / 255

train_labels = to_categorical(train_labels)
test_labels = to_categorical(test_labels)

model.compile(optimizer='rmsprop',
              loss='categorical_crossentropy',
              metrics=['accuracy'])
model.fit(train_images, train_labels, epochs=5, batch_size=64)

test_loss, test_acc = model.evaluate(test_images, test_labels)
print('test accuracy:', test_acc)


# --- not part of the listing: `python examples/convnet.py --plot --out DIR` draws what it learned
def plot_filters_and_maps(model, image, folder):
    """Two pictures: the first Conv2D's 32 kernels (3x3, one input channel) and the 32 feature
    maps it computes for `image` (a (28, 28, 1) test digit), after its relu."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(no pictures: matplotlib is not installed; `pip install .[plot]` adds it)")
        return []
    import os
    import tinytensor as tt
    os.makedirs(folder, exist_ok=True)
    conv = model.layers[0]
    kernel = conv.kernel.detach()                       # (3, 3, 1, 32)
    paths = []

    fig, axes = plt.subplots(4, 8, figsize=(8, 4.4))
    lim = float(tt.abs(kernel).max())
    for i, ax in enumerate(axes.flat):
        ax.imshow(kernel[:, :, 0, i].tolist(), cmap="RdBu_r", vmin=-lim, vmax=lim)
        ax.set_title(str(i), fontsize=7)
        ax.axis("off")
    fig.suptitle("the first Conv2D's 32 learned 3x3 filters (red +, blue -)")
    fig.tight_layout()
    paths.append(os.path.join(folder, "convnet_filters.png"))
    fig.savefig(paths[-1], dpi=100)
    plt.close(fig)

    maps = conv(image.reshape((1, 28, 28, 1)))[0]      # (26, 26, 32), relu'd
    fig, axes = plt.subplots(4, 9, figsize=(9, 4.4))
    for ax in axes.flat:
        ax.axis("off")
    axes[0, 0].imshow(image.reshape((28, 28)).tolist(), cmap="gray_r")
    axes[0, 0].set_title("input", fontsize=7)
    for i in range(32):
        ax = axes[i // 8, 1 + i % 8]
        ax.imshow(maps[:, :, i].tolist(), cmap="viridis")
        ax.set_title(str(i), fontsize=7)
    fig.suptitle("one test digit and the 32 feature maps of the first layer (after relu)")
    fig.tight_layout()
    paths.append(os.path.join(folder, "convnet_feature_maps.png"))
    fig.savefig(paths[-1], dpi=100)
    plt.close(fig)
    for p in paths:
        print("picture:", p)
    return paths


if _args.plot:
    plot_filters_and_maps(model, test_images[0], _args.out)
