Console.WriteLine("The Seatwise demo tenant is not built yet.");
