"""The MNIST "hello world" of Deep Learning with Python (ch. 2), run by tinytensor.

Only the imports differ from the Keras listing. The data comes from the repository's data/mnist
(or $TINYTENSOR_DATA); see tinytensor.datasets.mnist.
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
