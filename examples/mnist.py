"""The MNIST "hello world" of Deep Learning with Python (ch. 2), run by tinytensor.

Only the imports differ from the Keras listing. The data comes from $TINYTENSOR_DATA, the cache
(~/.cache/tinytensor/datasets/mnist), the repository's data/mnist, or is downloaded once; see
tinytensor.datasets.mnist. `python examples/mnist.py --plot [--out DIR]` also draws the training
curves into DIR (default ./tinytensor-pictures).
"""
from tinytensor import models, layers
from tinytensor.datasets import mnist
from tinytensor.utils import to_categorical

(train_images, train_labels), (test_images, test_labels) = mnist.load_data()

network = models.Sequential()
network.add(layers.Dense(512, activation="relu", input_shape=(28 * 28,)))
network.add(layers.Dense(10, activation="softmax"))

network.compile(optimizer='rmsprop',
                loss="categorical_crossentropy",
                metrics=['accuracy'])

train_images = train_images.reshape((60000, 28 * 28))
train_images = train_images.astype('float32') / 255

test_images = test_images.reshape((test_images.shape[0], 28 * 28))
test_images = test_images.astype('float32') / 255

train_labels = to_categorical(train_labels)
test_labels = to_categorical(test_labels)

network.fit(train_images, train_labels, epochs=5, batch_size=128)

test_loss, test_acc = network.evaluate(test_images, test_labels)
print('test accuracy:', test_acc)


# --- not part of the seed's listing: `python examples/mnist.py --plot [--out DIR]` draws the curves
from tinytensor.keras.callbacks import History  # noqa: E402


def plot_history(history: History, path: str = "tinytensor-pictures/mnist_training.png") -> str | None:
    """Loss and accuracy per epoch, from the History that fit() returned."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(no picture: matplotlib is not installed; `pip install .[plot]` adds it)")
        return None
    import os
    epochs = range(1, len(history.history["loss"]) + 1)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.4))
    ax1.plot(epochs, history.history["loss"], "o-")
    ax1.set_title("training loss")
    ax2.plot(epochs, history.history["accuracy"], "o-", label="training")
    ax2.axhline(test_acc, color="tab:red", linestyle="--", label=f"test ({test_acc:.4f})")
    ax2.set_title("accuracy")
    ax2.legend()
    for ax in (ax1, ax2):
        ax.set_xlabel("epoch")
        ax.set_xticks(list(epochs))
        ax.grid(alpha=0.3)
    fig.suptitle("MNIST: Dense 512 relu, Dense 10 softmax, rmsprop, batch 128")
    fig.tight_layout()
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    fig.savefig(path, dpi=100)
    print("picture:", path)
    return path


if __name__ == "__main__":
    import argparse
    import os
    ap = argparse.ArgumentParser(description="The Keras MNIST listing")
    ap.add_argument("--plot", action="store_true", help="draw the training curves")
    ap.add_argument("--out", default="tinytensor-pictures", help="folder for the picture")
    args = ap.parse_args()
    if args.plot and network.history is not None:
        plot_history(network.history, os.path.join(args.out, "mnist_training.png"))
